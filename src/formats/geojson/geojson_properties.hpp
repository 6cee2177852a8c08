#pragma once
// Which GeoJSON feature properties furrow reads: the column catalogue (formats/columns) decides,
// Leaf's own keys first, in Leaf's default units unless the collection's top-level "units" member
// ({"speed": "mi/hr", ...}, the shape of Leaf's /units answer) names another. Farmobile's GeoJSON
// carries no units and no public document gives them, hence Leaf's defaults.
#include "formats/columns/column_resolver.hpp"
#include "schema/conversion_report.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace furrow::formats::geojson::detail {

struct KeyUnit {
    schema::PropertyId id;
    const schema::Unit* default_unit;
};

// Remembers each key's answer (a file repeats the same keys in every feature) and what it mapped.
class PropertyKeys {
public:
    std::optional<KeyUnit> numeric(std::string_view key);
    void note_unmapped(std::string_view key);
    void forget(std::string_view key); // its values turned out unusable (a unit furrow cannot convert)
    // The key that fed `property` (for the "units" member, which names source keys).
    std::string source_key(schema::PropertyId property) const;
    void describe(schema::ConversionReport& report, const std::map<std::string, std::string, std::less<>>& units) const;

private:
    std::map<std::string, std::optional<columns::ResolvedColumn>, std::less<>> m_known;
    std::map<std::string, bool, std::less<>> m_unmapped;
};

} // namespace furrow::formats::geojson::detail
