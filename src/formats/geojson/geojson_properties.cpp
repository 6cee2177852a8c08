#include "formats/geojson/geojson_properties.hpp"

#include <array>
#include <utility>

namespace furrow::formats::geojson::detail {
namespace {

using schema::PropertyId;

constexpr std::array<std::pair<PropertyId, std::string_view>, 25> default_units = {{
    {PropertyId::speed, "mi/hr"},
    {PropertyId::heading, "arcdeg"},
    {PropertyId::elevation, "ft"},
    {PropertyId::distance, "ft"},
    {PropertyId::equipment_width, "ft"},
    {PropertyId::area, "m2"},
    {PropertyId::recording_status, "flag"},
    {PropertyId::harvest_moisture, "percentage"},
    {PropertyId::wet_mass, "lb"},
    {PropertyId::wet_mass_per_area, "lb/ac"},
    {PropertyId::wet_volume, "bu"},
    {PropertyId::wet_volume_per_area, "bu/ac"},
    {PropertyId::dry_mass, "lb"},
    {PropertyId::dry_mass_per_area, "lb/ac"},
    {PropertyId::dry_volume, "bu"},
    {PropertyId::dry_volume_per_area, "bu/ac"},
    {PropertyId::crop_flow, "lb/s"},
    {PropertyId::seed_rate, "seeds/ac"},
    {PropertyId::seed_rate_target, "seeds/ac"},
    {PropertyId::applied_rate, "gal/ac"},
    {PropertyId::applied_rate_target, "gal/ac"},
    {PropertyId::tillage_depth_actual, "in"},
    {PropertyId::tillage_depth_target, "in"},
    {PropertyId::fuel_rate, "L/h"},
    {PropertyId::fuel_used, "gal"},
}};

} // namespace

std::optional<KeyUnit> numeric_property(std::string_view key) {
    const auto id = schema::find_property(key);
    if (!id) return std::nullopt;
    for (const auto& [property, unit] : default_units)
        if (property == *id) return KeyUnit{*id, &schema::unit(unit)};
    return std::nullopt;
}

} // namespace furrow::formats::geojson::detail
