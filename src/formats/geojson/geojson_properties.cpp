#include "formats/geojson/geojson_properties.hpp"

namespace furrow::formats::geojson::detail {

using columns::Meaning;

std::optional<KeyUnit> PropertyKeys::numeric(std::string_view key) {
    auto it = m_known.find(key);
    if (it == m_known.end()) {
        auto resolved = columns::resolve_name(key, "leaf");
        // Only values and the work state are numbers; names and times are read by the reader itself.
        if (resolved && resolved->meaning != Meaning::value && resolved->meaning != Meaning::recording) resolved.reset();
        it = m_known.emplace(std::string(key), std::move(resolved)).first;
    }
    if (!it->second) return std::nullopt;
    if (it->second->meaning == Meaning::recording) return KeyUnit{schema::PropertyId::recording_status, &schema::unit("flag")};
    return KeyUnit{it->second->property, it->second->unit};
}

void PropertyKeys::note_unmapped(std::string_view key) { m_unmapped.emplace(std::string(key), true); }

void PropertyKeys::forget(std::string_view key) {
    if (const auto it = m_known.find(key); it != m_known.end()) it->second.reset();
}

std::string PropertyKeys::source_key(schema::PropertyId property) const {
    for (const auto& [key, resolved] : m_known)
        if (resolved && resolved->meaning == Meaning::value && resolved->property == property) return key;
    return std::string(schema::info(property).key);
}

void PropertyKeys::describe(schema::ConversionReport& report, const std::map<std::string, std::string, std::less<>>& units) const {
    report.exporter = "GeoJSON points (Leaf / Farmobile keys)";
    for (const auto& [key, resolved] : m_known) {
        if (!resolved) {
            report.unmapped.push_back(key);
            continue;
        }
        if (resolved->meaning == Meaning::recording) {
            report.columns.push_back({key, "recordingStatus", "", ""});
            continue;
        }
        const auto given = units.find(key);
        report.columns.push_back({key, std::string(schema::info(resolved->property).key),
                                  given != units.end() ? given->second : std::string(resolved->unit->name),
                                  given != units.end() ? "units member" : resolved->unit_from});
    }
    for (const auto& [key, ignored] : m_unmapped)
        if (!m_known.contains(key)) report.unmapped.push_back(key);
}

} // namespace furrow::formats::geojson::detail
