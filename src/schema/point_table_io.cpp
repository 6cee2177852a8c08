#include "schema/point_table_io.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>

namespace furrow::schema {
namespace {

constexpr std::string_view magic = "FRWPTS01";
// A product's rate column is stored as a column keyed "product:<name>" (no property key has a colon).
constexpr std::string_view product_prefix = "product:";

std::optional<std::string> product_of(std::string_view key) {
    if (!key.starts_with(product_prefix)) return std::nullopt;
    return std::string(key.substr(product_prefix.size()));
}

class Writer {
public:
    explicit Writer(const std::filesystem::path& path) : m_out(path, std::ios::binary | std::ios::trunc) {
        if (!m_out) throw Error(ErrorCode::internal, fmt::format("cannot write {}", path.string()));
    }
    template <typename T>
    void value(T v) { bytes(&v, sizeof v); }
    template <typename T>
    void array(const std::vector<T>& values) { bytes(values.data(), values.size() * sizeof(T)); }
    void text16(std::string_view s) {
        value(static_cast<std::uint16_t>(s.size()));
        bytes(s.data(), s.size());
    }
    void bytes(const void* data, std::size_t size) { m_out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size)); }
    void finish(const std::filesystem::path& path) {
        m_out.flush();
        if (!m_out) throw Error(ErrorCode::internal, fmt::format("cannot write {}", path.string()));
    }

private:
    std::ofstream m_out;
};

class Reader {
public:
    explicit Reader(const std::filesystem::path& path) : m_path(path), m_in(path, std::ios::binary) {
        if (!m_in) fail("cannot open");
    }
    template <typename T>
    T value() {
        T v{};
        bytes(&v, sizeof v);
        return v;
    }
    template <typename T>
    void array(std::vector<T>& out, std::size_t n) {
        out.resize(n);
        bytes(out.data(), n * sizeof(T));
    }
    std::string text(std::size_t n) {
        std::string s(n, '\0');
        bytes(s.data(), n);
        return s;
    }
    // Moves forward over `size` bytes; reading past the end then fails as truncated.
    void skip(std::size_t size) { m_in.seekg(static_cast<std::streamoff>(size), std::ios::cur); }
    void bytes(void* data, std::size_t size) {
        m_in.read(static_cast<char*>(data), static_cast<std::streamsize>(size));
        if (static_cast<std::size_t>(m_in.gcount()) != size) fail("truncated");
    }
    [[noreturn]] void fail(std::string_view why) const {
        throw Error(ErrorCode::internal, fmt::format("stored points {}: {}", m_path.string(), why));
    }

private:
    std::filesystem::path m_path;
    std::ifstream m_in;
};

} // namespace

namespace {

nlohmann::json periods_json(const std::vector<TimeSpan>& periods) {
    auto out = nlohmann::json::array();
    for (const auto& p : periods) out.push_back({p.start, p.stop});
    return out;
}

std::vector<TimeSpan> periods_from(const nlohmann::json& j) {
    std::vector<TimeSpan> out;
    for (const auto& p : j.value("periods", nlohmann::json::array()))
        if (p.is_array() && p.size() == 2) out.push_back({p[0].get<TimeMs>(), p[1].get<TimeMs>()});
    return out;
}

} // namespace

nlohmann::json source_info_json(const SourceInfo& s) {
    auto machinery = nlohmann::json::array();
    for (const auto& m : s.machinery)
        machinery.push_back({{"id", m.id}, {"name", m.name}, {"type", m.type}, {"serialNumber", m.serial_number},
                             {"brand", m.brand}, {"periods", periods_json(m.periods)}});
    auto operators = nlohmann::json::array();
    for (const auto& p : s.operators)
        operators.push_back({{"id", p.id}, {"name", p.name}, {"machineId", p.machine_id}, {"periods", periods_json(p.periods)}});
    auto products = nlohmann::json::array();
    for (const auto& p : s.products) products.push_back({{"id", p.id}, {"name", p.name}, {"type", p.type}});
    nlohmann::json out;
    out["operationType"] = s.operation_type_name();
    out["originalOperationType"] = s.original_operation_type;
    out["crops"] = s.crops;
    out["varieties"] = s.varieties;
    out["products"] = std::move(products);
    out["machinery"] = std::move(machinery);
    out["operators"] = std::move(operators);
    out["customer"] = s.customer;
    out["farm"] = s.farm;
    out["field"] = s.field;
    out["taskName"] = s.task_name;
    out["reportedTotals"] = s.reported_totals;
    return out;
}

SourceInfo source_info_from_json(const nlohmann::json& j) {
    SourceInfo s;
    s.operation_type = operation_type_from(j.value("operationType", ""));
    s.original_operation_type = j.value("originalOperationType", "");
    s.crops = j.value("crops", std::vector<std::string>{});
    s.varieties = j.value("varieties", std::vector<std::string>{});
    for (const auto& p : j.value("products", nlohmann::json::array()))
        s.products.push_back({p.value("id", ""), p.value("name", ""), p.value("type", "")});
    for (const auto& m : j.value("machinery", nlohmann::json::array()))
        s.machinery.push_back({m.value("id", ""), m.value("name", ""), m.value("type", ""), m.value("serialNumber", ""),
                               m.value("brand", ""), periods_from(m)});
    for (const auto& p : j.value("operators", nlohmann::json::array()))
        s.operators.push_back({p.value("id", ""), p.value("name", ""), p.value("machineId", ""), periods_from(p)});
    s.customer = j.value("customer", "");
    s.farm = j.value("farm", "");
    s.field = j.value("field", "");
    s.task_name = j.value("taskName", "");
    s.reported_totals = j.value("reportedTotals", nlohmann::json::object());
    return s;
}

void write_points_binary(const MachineData& data, const std::filesystem::path& out) {
    const auto& points = data.points;
    Writer w(out);
    w.bytes(magic.data(), magic.size());
    w.value(static_cast<std::uint64_t>(points.size()));
    w.value(static_cast<std::uint32_t>(points.columns().size() + points.product_columns().size()));
    w.array(points.lon());
    w.array(points.lat());
    w.array(points.time());
    for (const auto& column : points.columns()) {
        w.text16(info(column.id).key);
        w.text16(column.unit->name);
        w.array(column.values);
    }
    for (const auto& column : points.product_columns()) {
        w.text16(std::string(product_prefix) + column.product);
        w.text16(column.unit->name);
        w.array(column.values);
    }
    const auto source = source_info_json(data.source).dump();
    w.value(static_cast<std::uint32_t>(source.size()));
    w.bytes(source.data(), source.size());
    w.finish(out);
}

std::uint64_t read_points_count(const std::filesystem::path& in) {
    Reader r(in);
    if (r.text(magic.size()) != magic) r.fail("not a furrow points file");
    return r.value<std::uint64_t>();
}

MachineData read_points_binary(const std::filesystem::path& in) {
    Reader r(in);
    if (r.text(magic.size()) != magic) r.fail("not a furrow points file");
    const auto n = static_cast<std::size_t>(r.value<std::uint64_t>());
    const auto columns = r.value<std::uint32_t>();
    MachineData data;
    auto& points = data.points;
    if (n > std::filesystem::file_size(in) / 24) r.fail("point count larger than the file");
    r.array(points.lon(), n);
    r.array(points.lat(), n);
    r.array(points.time(), n);
    for (std::uint32_t column_idx = 0; column_idx < columns; ++column_idx) {
        const auto key = r.text(r.value<std::uint16_t>());
        const auto unit_name = r.text(r.value<std::uint16_t>());
        const Unit* unit = find_unit(unit_name);
        if (const auto product = product_of(key); product && unit != nullptr) {
            r.array(points.product_column(*product, *unit).values, n);
            continue;
        }
        const auto id = find_property(key);
        if (!id || unit == nullptr) r.fail(fmt::format("unknown property or unit '{}' '{}'", key, unit_name));
        r.array(points.column(*id, *unit).values, n);
    }
    const auto source = nlohmann::json::parse(r.text(r.value<std::uint32_t>()), nullptr, false);
    if (!source.is_object()) r.fail("source information is not JSON");
    data.source = source_info_from_json(source);
    return data;
}

StoredPoint read_point_binary(const std::filesystem::path& in, std::size_t index) {
    Reader r(in);
    if (r.text(magic.size()) != magic) r.fail("not a furrow points file");
    StoredPoint out;
    const auto n = static_cast<std::size_t>(r.value<std::uint64_t>());
    const auto columns = r.value<std::uint32_t>();
    out.count = n;
    if (n > std::filesystem::file_size(in) / 24) r.fail("point count larger than the file");
    if (index >= n) return out;
    // Each array is n values: read the index-th, skip the rest.
    auto element = [&r, n, index]<typename T>(T) {
        r.skip(index * sizeof(T));
        const auto v = r.value<T>();
        r.skip((n - index - 1) * sizeof(T));
        return v;
    };
    const double lon = element(double{});
    const double lat = element(double{});
    const TimeMs time = element(TimeMs{});
    auto& point = out.point;
    point.add_point(lon, lat, time);
    for (std::uint32_t column_idx = 0; column_idx < columns; ++column_idx) {
        const auto key = r.text(r.value<std::uint16_t>());
        const auto unit_name = r.text(r.value<std::uint16_t>());
        const Unit* unit = find_unit(unit_name);
        if (const auto product = product_of(key); product && unit != nullptr) {
            point.product_column(*product, *unit).values[0] = element(double{});
            continue;
        }
        const auto id = find_property(key);
        if (!id || unit == nullptr) r.fail(fmt::format("unknown property or unit '{}' '{}'", key, unit_name));
        point.set(*id, *unit, 0, element(double{}));
    }
    return out;
}

} // namespace furrow::schema
