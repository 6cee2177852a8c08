#include "formats/geojson/geojson_reader.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/columns/operation_inference.hpp"
#include "formats/columns/unit_text.hpp"
#include "formats/geojson/geojson_properties.hpp"
#include "formats/geojson/json_scan.hpp"
#include "schema/crop_names.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace furrow::formats::geojson {
namespace {

namespace od = simdjson::ondemand;
using schema::PropertyId;

struct PendingPoint {
    double lon = schema::missing, lat = schema::missing;
    std::optional<TimeMs> time;
    bool is_point = false;
    struct Value {
        PropertyId id;
        const schema::Unit* unit;
        double value;
    };
    std::vector<Value> values;
};

void add_unique(std::vector<std::string>& list, std::string_view value) {
    std::string clean = trim(value);
    if (!clean.empty() && std::find(list.begin(), list.end(), clean) == list.end()) list.push_back(std::move(clean));
}

std::optional<TimeMs> time_of(od::value value) {
    if (value.type() == od::json_type::string) return parse_iso8601(value.get_string().value());
    if (value.type() != od::json_type::number) return std::nullopt;
    const double t = value.get_double();
    return static_cast<TimeMs>(std::llround(t >= 1e11 ? t : t * 1000));
}

double number_of(od::value value) {
    switch (value.type()) {
    case od::json_type::number: return value.get_double();
    case od::json_type::boolean: return value.get_bool() ? 1 : 0;
    case od::json_type::string: {
        const std::string_view s = value.get_string();
        if (iequals(s, "On")) return 1;
        if (iequals(s, "Off")) return 0;
        return schema::missing;
    }
    default: return schema::missing;
    }
}

class FeatureReader {
public:
    // `json`'s capacity extends SIMDJSON_PADDING bytes past its size (Bundle::read_all's padding).
    FeatureReader(std::string_view entry_name, const std::string& json) : m_entry(entry_name), m_json(json) {}

    void member(std::string_view key, detail::Span span);
    void feature(detail::Span span);
    schema::MachineData finish();

private:
    void geometry(od::value value, PendingPoint& p);
    void properties(od::value value, PendingPoint& p);
    void commit(const PendingPoint& p);
    // The first feature's operationType names the file's; a word that is none of the four is kept
    // so the file fails naming it.
    void claim_operation_type(std::string_view word) {
        const std::string type = to_lower(trim(word));
        m_data.source.operation_type = schema::operation_type_from(type);
        if (!m_data.source.operation_type) m_data.source.unsupported_operation_type = type;
    }
    [[noreturn]] void fail(simdjson::error_code code, std::size_t offset) const {
        throw Error(ErrorCode::corrupt_file, fmt::format("geojson: {}: {} at byte {}", m_entry, simdjson::error_message(code), offset));
    }

    std::string m_entry;
    const std::string& m_json;
    od::parser m_parser;
    schema::MachineData m_data;
    std::map<std::string, std::string, std::less<>> m_units; // the top-level "units" member
    std::size_t m_skipped = 0;
    detail::PropertyKeys m_keys;
};

void FeatureReader::member(std::string_view key, detail::Span span) {
    if (key != "type" && key != "units") return;
    od::document doc;
    if (const auto err = m_parser.iterate(m_json.data() + span.begin, span.end - span.begin, m_json.size() + simdjson::SIMDJSON_PADDING - span.begin).get(doc))
        fail(err, span.begin);
    try {
        if (key == "type") {
            if (std::string_view(doc.get_string()) != "FeatureCollection")
                throw Error(ErrorCode::corrupt_file, fmt::format("geojson: {}: not a FeatureCollection", m_entry));
            return;
        }
        for (auto field : doc.get_object()) {
            const std::string_view unit = field.value().get_string();
            m_units.emplace(std::string(field.unescaped_key().value()), std::string(unit));
        }
    } catch (const simdjson::simdjson_error& e) {
        fail(e.error(), span.begin);
    }
}

void FeatureReader::geometry(od::value value, PendingPoint& p) {
    if (value.type() != od::json_type::object) return; // null geometry: not a point
    std::string_view type;
    std::vector<double> coordinates;
    bool nested = false;
    for (auto field : value.get_object()) {
        const std::string_view key = field.unescaped_key();
        if (key == "type") type = field.value().get_string();
        if (key != "coordinates") continue;
        for (auto element : field.value().get_array()) {
            if (element.type() != od::json_type::number) {
                nested = true; // a line or polygon: arrays of positions
                break;
            }
            coordinates.push_back(element.get_double());
        }
    }
    if (type != "Point" || nested || coordinates.size() < 2) return;
    p.is_point = true;
    p.lon = coordinates[0];
    p.lat = coordinates[1];
}

void FeatureReader::properties(od::value value, PendingPoint& p) {
    if (value.type() != od::json_type::object) return;
    auto& source = m_data.source;
    for (auto field : value.get_object()) {
        const std::string_view key = field.unescaped_key();
        od::value v = field.value();
        if (key == "timestamp") p.time = time_of(v);
        else if (const auto prop = m_keys.numeric(key)) p.values.push_back({prop->id, prop->default_unit, number_of(v)});
        else if (v.type() != od::json_type::string) m_keys.note_unmapped(key);
        else if (key == "operationType" && !source.operation_type && source.unsupported_operation_type.empty()) claim_operation_type(v.get_string().value());
        else if (key == "originalOperationType" && source.original_operation_type.empty()) source.original_operation_type = trim(v.get_string().value());
        else if (key == "crop") add_unique(source.crops, schema::normalise_crop(v.get_string().value()));
        else if (key == "variety") add_unique(source.varieties, v.get_string().value());
        else if (key != "crop" && key != "variety" && key != "operationType" && key != "originalOperationType") m_keys.note_unmapped(key);
    }
}

void FeatureReader::commit(const PendingPoint& p) {
    if (!p.is_point || !p.time || !std::isfinite(p.lon) || !std::isfinite(p.lat)) {
        ++m_skipped;
        return;
    }
    auto& table = m_data.points;
    const std::size_t point = table.add_point(p.lon, p.lat, *p.time);
    for (const auto& v : p.values) table.set(v.id, *v.unit, point, v.value);
}

void FeatureReader::feature(detail::Span span) {
    od::document doc;
    const std::size_t capacity = m_json.size() + simdjson::SIMDJSON_PADDING - span.begin; // the rest of the file pads it
    if (const auto err = m_parser.iterate(m_json.data() + span.begin, span.end - span.begin, capacity).get(doc))
        fail(err, span.begin);
    PendingPoint p;
    try {
        for (auto field : doc.get_object()) {
            const std::string_view key = field.unescaped_key();
            if (key == "geometry") geometry(field.value(), p);
            else if (key == "properties") properties(field.value(), p);
        }
    } catch (const simdjson::simdjson_error& e) {
        const auto location = doc.current_location();
        const std::size_t offset = location.error() ? span.end : static_cast<std::size_t>(location.value_unsafe() - m_json.data());
        fail(e.error(), offset);
    }
    commit(p);
}

schema::MachineData FeatureReader::finish() {
    // A unit furrow cannot convert leaves its values raw (a guessed unit would give wrong numbers).
    std::vector<PropertyId> unconvertible;
    for (auto& column : m_data.points.columns()) {
        const std::string key = m_keys.source_key(column.id);
        const auto it = m_units.find(key);
        if (it == m_units.end()) continue;
        const auto* unit = columns::parse_unit(it->second);
        const auto& info = schema::info(column.id);
        if (unit != nullptr && (unit->dimension == info.dimension || unit->dimension == info.alt_dimension)) {
            column.unit = unit;
            continue;
        }
        m_data.report.warn(fmt::format("unit '{}' of {} is not known: kept raw", it->second, key));
        m_keys.forget(key);
        unconvertible.push_back(column.id);
    }
    for (const auto id : unconvertible) m_data.points.remove(id);
    m_keys.describe(m_data.report, m_units);
    if (!m_data.source.unsupported_operation_type.empty()) {
        m_data.report.operation_type_reason = m_data.source.unsupported_operation_type + ": the features' operationType";
    } else if (!m_data.source.operation_type) {
        const auto inferred = columns::infer_operation(m_data.points);
        m_data.source.operation_type = inferred.type;
        m_data.report.operation_type_reason = inferred.reason;
    } else {
        m_data.report.operation_type_reason = std::string(schema::to_string(*m_data.source.operation_type)) + ": the features' operationType";
    }
    m_data.source.reported_totals["skippedFeatures"] = {{"value", static_cast<double>(m_skipped)}, {"unit", "features"}};
    return std::move(m_data);
}

} // namespace

schema::MachineData read(const Bundle& bundle, const Dataset& dataset) {
    const auto entry_name = formats::detail::file_name_of(dataset.marker);
    const BundleEntry* entry = bundle.find(dataset.marker);
    if (entry == nullptr) throw Error(ErrorCode::corrupt_file, fmt::format("geojson: {}: missing", entry_name));
    // simdjson reads up to SIMDJSON_PADDING bytes past the text: inflating into a string with that
    // much spare capacity avoids a second copy of the whole file (500 MB GeoJSON: 1 GB less peak).
    const std::string json = bundle.read_all(*entry, simdjson::SIMDJSON_PADDING);
    FeatureReader reader(entry_name, json);
    try {
        detail::scan_feature_collection(std::string_view(json.data(), json.size()),
                                        {[&](std::string_view key, detail::Span span) { reader.member(key, span); },
                                         [&](detail::Span span) { reader.feature(span); }});
    } catch (const detail::ScanError& e) {
        throw Error(ErrorCode::corrupt_file,
                    fmt::format("geojson: {}: {} at byte {}", entry_name, simdjson::error_message(e.code), e.offset));
    }
    auto data = reader.finish();
    if (data.points.size() == 0)
        throw Error(ErrorCode::corrupt_file, fmt::format("geojson: {}: no Point feature with a position and a time", entry_name));
    return data;
}

} // namespace furrow::formats::geojson
