// A machine file's (or a field operation's result file's) standard points in a compact binary form for maps (the web console, docs/API.md
// "Points for maps"): a million points cost 12 MB instead of hundreds of MB of GeoJSON. Read from the
// file's stored standard points (schema/point_table_io.hpp, canonical units) and given in the units of
// the file's `/units` document, so the values are those of its standardGeojson.
//
//   GET .../files/{id}/points?property=KEY   (and .../operations/{id}/points) application/octet-stream, little-endian:
//     "FURROWP1", f64 origin longitude, f64 origin latitude, u32 n (28 bytes, so the arrays are 4-byte
//     aligned), then f32 longitude − origin [n], f32 latitude − origin [n], f32 value [n] (NaN = none).
//     Offsets from the south-west corner keep the positions to a few millimetres in Float32.
//   GET .../files/{id}/points/{index}        one point: position, time and every standard property.
#include "api/file_points.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "pipeline/operations/file_matching.hpp"
#include "schema/point_table_io.hpp"
#include "schema/property_registry.hpp"
#include "schema/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace furrow::api {
namespace {

static_assert(std::endian::native == std::endian::little, "the points answer is written as the host's bytes");

constexpr char magic[8] = {'F', 'U', 'R', 'R', 'O', 'W', 'P', '1'};

// The stored points' key of a file, or 404 when it has none.
std::string points_key(const store::MachineFile& file) {
    auto key = pipeline::operations::stored_points_key(file);
    if (key.empty())
        throw Error(ErrorCode::not_found, fmt::format("machine file {} has no points ({})", file.id,
                                                      file.status == store::FileStatus::failed ? "processing failed" : "not ready yet"));
    return key;
}

// Each column converted to the unit the file's `/units` names for it (the unit system the leaf user's
// configuration chose when the file was processed).
void convert_to_file_units(schema::PointTable& table, const store::MachineFile& file) {
    const auto units = nlohmann::json::parse(file.units.empty() ? "{}" : file.units, nullptr, false);
    if (!units.is_object()) return;
    for (auto& column : table.columns()) {
        const auto it = units.find(std::string(schema::info(column.id).key));
        if (it == units.end() || !it->is_string()) continue;
        const auto* shown = schema::find_unit(it->get<std::string>());
        if (!shown || shown == column.unit || shown->dimension != column.unit->dimension) continue;
        for (auto& v : column.values) v = schema::convert(v, *column.unit, *shown);
        column.unit = shown;
    }
}

schema::MachineData stored_points(ApiContext& ctx, const store::MachineFile& file) {
    auto data = schema::read_points_binary(ctx.blobs.local_path(points_key(file)));
    convert_to_file_units(data.points, file);
    return data;
}

template <typename T>
void append(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

Response points(ApiContext& ctx, Request& req, const OutputSource& source) {
    const auto file = source.resolve(*ctx.repo.connect(), req); // another owner's is 404 whatever is asked
    const QueryParams params(req.query);
    const auto key = params.text("property");
    if (!key || key->empty()) throw Error(ErrorCode::invalid_input, "property", "property: a standard property key is required");
    const auto id = schema::find_property(*key);
    if (!id) throw Error(ErrorCode::invalid_input, "property", fmt::format("property: unknown property '{}'", key->substr(0, 100)));
    const auto data = stored_points(ctx, file);
    const auto& table = data.points;
    const auto* column = table.find(*id);
    if (!column) throw Error(ErrorCode::not_found, fmt::format("the file has no {} values", *key));
    const std::size_t n = table.size();
    if (n > std::numeric_limits<std::uint32_t>::max()) throw Error(ErrorCode::too_large, "more points than the answer can count");
    const double origin_lon = n ? *std::min_element(table.lon().begin(), table.lon().end()) : 0.0;
    const double origin_lat = n ? *std::min_element(table.lat().begin(), table.lat().end()) : 0.0;
    Response r;
    r.content_type = "application/octet-stream";
    r.body.reserve(28 + 12 * n);
    r.body.append(magic, sizeof(magic));
    append(r.body, origin_lon);
    append(r.body, origin_lat);
    append(r.body, static_cast<std::uint32_t>(n));
    for (const double lon : table.lon()) append(r.body, static_cast<float>(lon - origin_lon));
    for (const double lat : table.lat()) append(r.body, static_cast<float>(lat - origin_lat));
    for (const double v : column->values)
        append(r.body, std::isfinite(v) ? static_cast<float>(v) : std::numeric_limits<float>::quiet_NaN());
    return r;
}

Response one_point(ApiContext& ctx, Request& req, const OutputSource& source) {
    const auto& text = req.path_param("index");
    std::size_t index = 0;
    const bool digits = !text.empty() && text.size() <= 10 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) index = std::stoull(text);
    const auto file = source.resolve(*ctx.repo.connect(), req);
    // Only the asked point is read from the stored file (schema::read_point_binary).
    auto stored = schema::read_point_binary(ctx.blobs.local_path(points_key(file)), digits ? index : 0);
    if (!digits || index >= stored.count)
        throw Error(ErrorCode::not_found, fmt::format("no point {} (the file has {})", text.substr(0, 20), stored.count));
    auto& table = stored.point;
    convert_to_file_units(table, file);
    nlohmann::json properties = nlohmann::json::object();
    for (const auto& column : table.columns()) {
        const double v = column.values[0];
        properties[std::string(schema::info(column.id).key)] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
    }
    return Response::json(200, {{"index", index},
                                {"longitude", table.lon()[0]},
                                {"latitude", table.lat()[0]},
                                {"timestamp", format_iso8601(table.time()[0])},
                                {"properties", properties}});
}

} // namespace

void add_point_routes(Router& router, ApiContext& ctx, const OutputSource& source) {
    router.add("GET", source.item_path + "/points", [&ctx, source](Request& req) { return points(ctx, req, source); });
    router.add("GET", source.item_path + "/points/{index}", [&ctx, source](Request& req) { return one_point(ctx, req, source); });
}

} // namespace furrow::api
