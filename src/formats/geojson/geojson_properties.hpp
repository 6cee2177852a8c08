#pragma once
// Which GeoJSON feature properties furrow reads, as data. Leaf's standard keys (property_registry)
// are read as they are; their unit is the one the collection's top-level "units" member names
// ({"speed": "mi/hr", ...}, the shape of Leaf's /units answer), else the default below.
//
// Defaults: Farmobile's GeoJSON carries no units and no public document gives them, so furrow takes
// the units Leaf itself reports for these keys by default (contract-facts.md §6, the harvested
// /units example: ft, mi/hr, lb/ac, bu/ac, lb, bu, percentage, arcdeg, m2; planted seeds/ac; applied
// gal/ac; tillage depth in) and §5 for cropFlow (lb/s). fuelRate has no documented unit: L/h.
#include "schema/property_registry.hpp"

#include <optional>
#include <string_view>

namespace furrow::formats::geojson::detail {

struct KeyUnit {
    schema::PropertyId id;
    const schema::Unit* default_unit;
};

std::optional<KeyUnit> numeric_property(std::string_view key);

} // namespace furrow::formats::geojson::detail
