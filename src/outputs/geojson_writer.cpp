#include "outputs/geojson_writer.hpp"

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "outputs/number_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace furrow::outputs {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

class Writer {
public:
    explicit Writer(const std::filesystem::path& path) : m_file(std::fopen(path.c_str(), "wb")) {
        if (!m_file) fail("create");
    }
    fmt::memory_buffer& buffer() { return m_buffer; }
    // Writes what the buffer holds, then `text`.
    void write(const fmt::memory_buffer& text) {
        flush();
        if (std::fwrite(text.data(), 1, text.size(), m_file.get()) != text.size()) fail("write");
    }
    void close() {
        flush();
        if (std::fflush(m_file.get()) != 0) fail("flush");
        m_file.reset();
    }

private:
    void flush() {
        if (std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file.get()) != m_buffer.size()) fail("write");
        m_buffer.clear();
    }
    [[noreturn]] void fail(const char* what) {
        const int err = errno;
        throw Error(err == ENOSPC ? ErrorCode::unavailable : ErrorCode::internal,
                    fmt::format("geojson: cannot {} output: {}", what, std::strerror(err)));
    }
    std::unique_ptr<std::FILE, FileCloser> m_file;
    fmt::memory_buffer m_buffer;
};

void append(fmt::memory_buffer& b, std::string_view text) { b.append(text.data(), text.data() + text.size()); }

// Property values to 1e-9 of their unit, so derived values stay consistent with each other on
// small steps (area = width x distance over a 5 cm move), and coordinates to 1e-8 degrees (about
// 1 mm): below any sensor's or GNSS receiver's resolution, so nothing measured is altered.
constexpr int value_decimals = 9;
constexpr int coordinate_decimals = 8;

// ~3-5 MB of text a piece: large enough that handing pieces between threads costs nothing.
constexpr std::size_t points_per_piece = 8192;

// Each column's `,"key":` prefix, made once per file instead of once per point.
std::vector<std::string> property_prefixes(const schema::PointTable& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns()) out.push_back(",\"" + std::string(schema::info(c.id).key) + "\":");
    return out;
}

void append_properties(fmt::memory_buffer& b, const schema::PointTable& t, const std::vector<std::string>& prefixes,
                       std::size_t i) {
    std::size_t column_idx = 0;
    for (const auto& column : t.columns()) {
        const double v = column.values[i];
        const auto& prefix = prefixes[column_idx++];
        if (!std::isfinite(v)) continue;
        append(b, prefix);
        if (column.id == schema::PropertyId::recording_status) append(b, v >= 0.5 ? "\"On\"" : "\"Off\"");
        else append_fixed(b, v, value_decimals);
    }
}

// Leaf's per-point `products: [{name, rate: {value}}]` of an application, products with a rate here only.
void append_products(fmt::memory_buffer& b, const schema::PointTable& t, const std::vector<std::string>& names,
                     std::size_t i) {
    bool first = true;
    std::size_t product_idx = 0;
    for (const auto& column : t.product_columns()) {
        const double v = column.values[i];
        const auto& name = names[product_idx++];
        if (!std::isfinite(v)) continue;
        append(b, first ? ",\"products\":[{\"name\":" : ",{\"name\":");
        append(b, name);
        append(b, ",\"rate\":{\"value\":");
        append_fixed(b, v, value_decimals);
        append(b, "}}");
        first = false;
    }
    if (!first) b.push_back(']');
}

} // namespace

void write_points_geojson(const schema::MachineData& data, const GeojsonOptions& options,
                          const std::filesystem::path& out) {
    Writer w(out);
    auto& b = w.buffer();
    fmt::format_to(std::back_inserter(b), "{{\"type\":\"FeatureCollection\"");
    if (options.include_units) {
        nlohmann::json units = nlohmann::json::object();
        for (const auto& c : data.points.columns()) units[std::string(schema::info(c.id).key)] = c.unit->name;
        fmt::format_to(std::back_inserter(b), ",\"units\":{}", units.dump());
    }
    append(b, ",\"features\":[");
    const auto& t = data.points;
    // Everything between the timestamp and the first column is the same for every point.
    std::string constant = "\",\"operationType\":" + nlohmann::json(data.source.operation_type_name()).dump();
    if (!options.crop.empty()) constant += ",\"crop\":" + nlohmann::json(options.crop).dump();
    const auto prefixes = property_prefixes(t);
    std::vector<std::string> product_names; // JSON strings, escaped once
    for (const auto& column : t.product_columns()) product_names.push_back(nlohmann::json(column.product).dump());
    // Formatting the numbers is the cost: pieces of points are formatted on every core while this
    // thread writes the finished ones in order.
    const std::size_t pieces = (t.size() + points_per_piece - 1) / points_per_piece;
    ordered_pieces<fmt::memory_buffer>(
        pieces,
        [&](std::size_t piece, fmt::memory_buffer& text) {
            const std::size_t end = std::min(t.size(), (piece + 1) * points_per_piece);
            // ~32 bytes a value + the point's fixed text: no regrowing (and copying) the buffer.
            text.reserve((end - piece * points_per_piece) * (160 + 32 * t.columns().size()));
            TimestampWriter timestamps;
            for (std::size_t i = piece * points_per_piece; i < end; ++i) {
                append(text, i == 0 ? "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":["
                                    : ",{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
                append_fixed(text, t.lon()[i], coordinate_decimals);
                text.push_back(',');
                append_fixed(text, t.lat()[i], coordinate_decimals);
                append(text, "]},\"properties\":{\"timestamp\":\"");
                timestamps.append(text, t.time()[i]);
                append(text, constant);
                append_properties(text, t, prefixes, i);
                if (!product_names.empty()) append_products(text, t, product_names, i);
                append(text, "}}");
            }
        },
        [&](fmt::memory_buffer& text) { w.write(text); });
    fmt::format_to(std::back_inserter(b), "]}}\n");
    w.close();
}

} // namespace furrow::outputs
