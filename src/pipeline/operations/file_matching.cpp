#include "pipeline/operations/file_matching.hpp"

#include "core/time.hpp"
#include "fields/boundary_geometry.hpp"
#include "outputs/geojson_writer.hpp"
#include "pipeline/publish.hpp"
#include "schema/point_table_io.hpp"

#include <fmt/format.h>

#include <functional>

namespace furrow::pipeline::operations {
namespace {

std::vector<fields::IndexedField> indexed(const std::vector<store::FieldBoundary>& boundaries) {
    std::vector<fields::IndexedField> out;
    out.reserve(boundaries.size());
    for (const auto& b : boundaries) out.push_back({b.field_id, fields::parse_boundary(nlohmann::json::parse(b.geometry))});
    return out;
}

} // namespace

UserFields load_user_fields(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                            bool outside_geojson) {
    auto boundaries = db.active_boundaries(owner_id, leaf_user_id);
    std::string ids = outside_geojson ? "outside;" : "";
    for (const auto& b : boundaries) ids += b.field_id + "/" + b.id + ";";
    const auto signature = fmt::format("{}:{:016x}", boundaries.size(), std::hash<std::string>{}(ids));
    fields::FieldIndex index(indexed(boundaries));
    return UserFields{std::move(boundaries), std::move(index), signature};
}

std::string stored_points_key(const store::MachineFile& file) {
    const auto it = file.artifacts.find("standardPoints");
    if (it == file.artifacts.end() || !it->contains("key")) return "";
    return it->at("key").get<std::string>();
}

store::FileMatch match_file(Context& ctx, const store::MachineFile& file, const UserFields& fields,
                            bool outside_geojson) {
    store::FileMatch match;
    match.file_id = file.id;
    match.owner_id = file.owner_id;
    match.leaf_user_id = file.leaf_user_id;
    match.boundaries_signature = fields.signature;
    match.matched_time = now_ms();
    auto data = schema::read_points_binary(ctx.blobs.local_path(stored_points_key(file)));
    const auto located = fields.index.locate_all(data.points);
    std::vector<std::int64_t> counts(fields.boundaries.size(), 0);
    std::vector<bool> outside(located.size());
    for (std::size_t i = 0; i < located.size(); ++i) {
        if (located[i] >= 0) ++counts[static_cast<std::size_t>(located[i])];
        else outside[i] = true;
    }
    match.total_points = static_cast<std::int64_t>(located.size());
    for (std::size_t field_idx = 0; field_idx < counts.size(); ++field_idx) {
        if (counts[field_idx] == 0) continue;
        const auto& b = fields.boundaries[field_idx];
        match.fields.push_back({{"id", b.field_id}, {"boundaryId", b.id}, {"points", counts[field_idx]},
                                {"share", 100.0 * static_cast<double>(counts[field_idx]) / static_cast<double>(match.total_points)}});
        match.outside_points -= counts[field_idx];
    }
    match.outside_points += match.total_points;
    if (outside_geojson && match.outside_points > 0) {
        data.points.keep(outside);
        match.outside_blob_key = file_blob_key(file.id, "outside.geojson");
        const std::string crop = file.crops.empty() ? std::string() : file.crops.front();
        publish(ctx, match.outside_blob_key, [&](const auto& path) {
            outputs::write_points_geojson(data, {.include_units = false, .crop = crop}, path);
        });
    }
    return match;
}

std::vector<std::string> linked_field_ids(const store::FileMatch& match, double threshold_percent) {
    std::vector<std::string> out;
    for (const auto& f : match.fields)
        if (f.value("share", 0.0) > threshold_percent) out.push_back(f.value("id", ""));
    return out;
}

} // namespace furrow::pipeline::operations
