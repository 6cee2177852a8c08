#pragma once
// The units a machine file's source wrote its properties in (a John Deere export: bu/ac, lb/ac, ft;
// an ISOBUS log: ISO 11783 device units). unitMeasurement DEFAULT reports in these, as Leaf does
// ("keeps provider units", contract-facts §6); the pipeline itself always computes in canonical units.
#include "schema/property_registry.hpp"
#include "schema/units.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace furrow::schema {

class PointTable;

class ProviderUnits {
public:
    // The display units (metric or imperial family) of the table's columns, as read, before
    // standardize converts them; device and neutral units are no provider's display choice.
    static ProviderUnits of_source(const PointTable& raw);

    // Where a derived file (an operation) comes from several sources: the first that says anything.
    static ProviderUnits from_json(const nlohmann::json& units); // {property: unit}, unknowns ignored
    nlohmann::json to_json() const;

    const Unit* unit_of(PropertyId id) const;
    // Whether the source displays in US customary units: most of its display units are imperial.
    bool imperial() const;
    bool empty() const { return m_units.empty(); }

private:
    std::map<PropertyId, const Unit*> m_units;
};

} // namespace furrow::schema
