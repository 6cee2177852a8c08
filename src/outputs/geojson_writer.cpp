#include "outputs/geojson_writer.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
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
    void flush_if_full() {
        if (m_buffer.size() > (1 << 20)) flush();
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

// Shortest text that reads back to the same double is overkill for sensor values; 9 significant
// digits keep every instrument's resolution and halve the file.
void append_number(fmt::memory_buffer& b, double v) { fmt::format_to(std::back_inserter(b), "{:.9g}", v); }
// 1e-8 degrees (about 1 mm): below any GNSS receiver's resolution, so no position is altered.
void append_coordinate(fmt::memory_buffer& b, double v) { fmt::format_to(std::back_inserter(b), "{:.8f}", v); }

void append_properties(fmt::memory_buffer& b, const schema::MachineData& data, const GeojsonOptions& options,
                       std::size_t i, const std::string& op_type) {
    fmt::format_to(std::back_inserter(b), "\"timestamp\":\"{}\",\"operationType\":{}", format_iso8601(data.points.time()[i]),
                   op_type);
    if (!options.crop.empty()) fmt::format_to(std::back_inserter(b), ",\"crop\":{}", nlohmann::json(options.crop).dump());
    for (const auto& column : data.points.columns()) {
        const double v = column.values[i];
        if (schema::is_missing(v)) continue;
        fmt::format_to(std::back_inserter(b), ",\"{}\":", schema::info(column.id).key);
        if (column.id == schema::PropertyId::recording_status) {
            const std::string_view state = v >= 0.5 ? "\"On\"" : "\"Off\"";
            b.append(state.data(), state.data() + state.size());
        }
        else append_number(b, v);
    }
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
    fmt::format_to(std::back_inserter(b), ",\"features\":[");
    const std::string op_type = nlohmann::json(data.source.operation_type).dump();
    const auto& t = data.points;
    for (std::size_t i = 0; i < t.size(); ++i) {
        fmt::format_to(std::back_inserter(b), "{}{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[",
                       i == 0 ? "" : ",");
        append_coordinate(b, t.lon()[i]);
        b.push_back(',');
        append_coordinate(b, t.lat()[i]);
        fmt::format_to(std::back_inserter(b), "]}},\"properties\":{{");
        append_properties(b, data, options, i, op_type);
        fmt::format_to(std::back_inserter(b), "}}}}");
        w.flush_if_full();
    }
    fmt::format_to(std::back_inserter(b), "]}}\n");
    w.close();
}

} // namespace furrow::outputs
