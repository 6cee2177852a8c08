#pragma once
// THE table of standard point properties (Leaf's standardGeojson keys). docs/SCHEMA.md is this
// table in prose; a test keeps the two in step.
#include "schema/units.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace furrow::schema {

enum class PropertyId : std::uint8_t {
    speed,
    heading,
    elevation,
    distance,
    equipment_width,
    area,
    recording_status,
    harvest_moisture,
    wet_mass,
    wet_mass_per_area,
    wet_volume,
    wet_volume_per_area,
    dry_mass,
    dry_mass_per_area,
    dry_volume,
    dry_volume_per_area,
    crop_flow,
    seed_rate,
    seed_rate_target,
    applied_rate,
    applied_rate_target,
    tillage_depth_actual,
    tillage_depth_target,
    fuel_rate,
    fuel_used,
};

// Operation types a property belongs to, as a bit set.
enum OpTypes : std::uint8_t { op_any = 0, op_planted = 1, op_applied = 2, op_harvested = 4, op_tillage = 8 };

struct PropertyInfo {
    PropertyId id;
    std::string_view key;         // Leaf's camelCase key
    std::string_view description;
    Dimension dimension;          // canonical unit = canonical_unit(dimension)
    Dimension alt_dimension;      // a second allowed dimension (appliedRate: mass or volume per area), or the same
    std::uint8_t op_types;        // OpTypes; op_any for the common properties
    std::string_view isoxml_ddis; // which ISO 11783-11 DDIs feed it (docs)
};

std::span<const PropertyInfo> all_properties();
const PropertyInfo& info(PropertyId id);
std::optional<PropertyId> find_property(std::string_view key);
// The canonical unit a column of this property in `source` unit is stored in.
const Unit& canonical_unit_for(PropertyId id, const Unit& source);

} // namespace furrow::schema
