#include "schema/property_registry.hpp"

#include "core/error.hpp"

#include <array>

namespace furrow::schema {
namespace {

using D = Dimension;

constexpr std::array<PropertyInfo, 25> properties = {{
    {PropertyId::speed, "speed", "ground speed", D::speed, D::speed, op_any, "0x018D Actual Speed (or derived from positions and times)"},
    {PropertyId::heading, "heading", "direction of travel, clockwise from north", D::angle, D::angle, op_any, "derived from consecutive positions"},
    {PropertyId::elevation, "elevation", "height of the antenna (TLG 'up')", D::length, D::length, op_any, "TLG position: up (mm)"},
    {PropertyId::distance, "distance", "distance travelled since the previous point (geodesic)", D::length, D::length, op_any, "derived from positions"},
    {PropertyId::equipment_width, "equipmentWidth", "working width", D::length, D::length, op_any, "0x0043 Actual Working Width (else 0x0046 Maximum Working Width)"},
    {PropertyId::area, "area", "area worked since the previous point: width x distance while working", D::area, D::area, op_any, "derived: equipmentWidth x distance when recordingStatus is on"},
    {PropertyId::recording_status, "recordingStatus", "1 when the implement was working (\"On\"), 0 when not", D::flag, D::flag, op_any, "0x008D Actual Work State; 0x00A1-0x00B0 condensed work states (any section on)"},
    {PropertyId::harvest_moisture, "harvestMoisture", "crop moisture", D::ratio, D::ratio, op_harvested, "0x0063 Crop Moisture"},
    {PropertyId::wet_mass, "wetMass", "wet mass harvested at this point", D::mass, D::mass, op_harvested, "derived: wetMassPerArea x area"},
    {PropertyId::wet_mass_per_area, "wetMassPerArea", "wet yield", D::mass_per_area, D::mass_per_area, op_harvested, "0x0054 Mass Per Area Yield (else 0x0057 Mass Per Time Yield / (width x speed))"},
    {PropertyId::wet_volume, "wetVolume", "wet volume harvested at this point", D::volume, D::volume, op_harvested, "derived: wetVolumePerArea x area"},
    {PropertyId::wet_volume_per_area, "wetVolumePerArea", "wet yield by volume", D::volume_per_area, D::volume_per_area, op_harvested, "0x0053 Volume Per Area Yield (else wetMassPerArea / crop density)"},
    {PropertyId::dry_mass, "dryMass", "dry mass at the crop's standard moisture", D::mass, D::mass, op_harvested, "derived: dryMassPerArea x area"},
    {PropertyId::dry_mass_per_area, "dryMassPerArea", "dry yield at the crop's standard moisture", D::mass_per_area, D::mass_per_area, op_harvested, "0x00B5 Dry Mass Per Area Yield (else derived from wet yield and moisture)"},
    {PropertyId::dry_volume, "dryVolume", "dry volume at the crop's standard moisture", D::volume, D::volume, op_harvested, "derived: dryVolumePerArea x area"},
    {PropertyId::dry_volume_per_area, "dryVolumePerArea", "dry yield by volume", D::volume_per_area, D::volume_per_area, op_harvested, "derived: dryMassPerArea / crop density"},
    {PropertyId::crop_flow, "cropFlow", "wet mass flow through the machine", D::mass_flow, D::mass_flow, op_harvested, "0x0057 Mass Per Time Yield"},
    {PropertyId::seed_rate, "seedRate", "seed per area, as applied: counted, or by weight for drilled seed", D::count_per_area, D::mass_per_area, op_planted, "0x000C Actual Count Per Area Application Rate"},
    {PropertyId::seed_rate_target, "seedRateTarget", "seed per area, as prescribed: counted or by weight", D::count_per_area, D::mass_per_area, op_planted, "0x000B Setpoint Count Per Area Application Rate"},
    {PropertyId::applied_rate, "appliedRate", "product per area, as applied", D::mass_per_area, D::volume_per_area, op_applied, "0x0007 Actual Mass Per Area / 0x0002 Actual Volume Per Area Application Rate"},
    {PropertyId::applied_rate_target, "appliedRateTarget", "product per area, as prescribed", D::mass_per_area, D::volume_per_area, op_applied, "0x0006 Setpoint Mass Per Area / 0x0001 Setpoint Volume Per Area Application Rate"},
    {PropertyId::tillage_depth_actual, "tillageDepthActual", "working depth", D::length, D::length, op_tillage, "0x0034 Actual Working Depth"},
    {PropertyId::tillage_depth_target, "tillageDepthTarget", "working depth, as prescribed", D::length, D::length, op_tillage, "0x0033 Setpoint Working Depth"},
    {PropertyId::fuel_rate, "fuelRate", "fuel consumption per time", D::volume_flow, D::volume_flow, op_any, "0x0095 Instantaneous Fuel Consumption per Time"},
    {PropertyId::fuel_used, "fuelUsed", "fuel used since the previous point", D::volume, D::volume, op_any, "derived from 0x0094 Total Fuel Consumption"},
}};

} // namespace

std::span<const PropertyInfo> all_properties() { return properties; }

const PropertyInfo& info(PropertyId id) { return properties[static_cast<std::size_t>(id)]; }

std::optional<PropertyId> find_property(std::string_view key) {
    for (const auto& p : properties)
        if (p.key == key) return p.id;
    return std::nullopt;
}

const Unit& canonical_unit_for(PropertyId id, const Unit& source) {
    const auto& p = info(id);
    if (source.dimension != p.dimension && source.dimension != p.alt_dimension)
        throw Error(ErrorCode::corrupt_file, "schema: " + std::string(p.key) + " cannot be in " + std::string(source.name));
    return canonical_unit(source.dimension);
}

} // namespace furrow::schema
