#include "formats/isoxml/ddi.hpp"

#include "schema/machine_data.hpp"
#include "schema/point_table.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace furrow::formats::isoxml {
namespace {

using schema::PropertyId;
using K = DdiKind;

// Units and scales: the ISO 11783-11 data dictionary (isobus.net), each DDI's unit and resolution.
constexpr DdiMapping point_ddis[] = {
    {0x0001, PropertyId::applied_rate_target, "mm3/m2", 0.01, K::plain, 1},  // Setpoint Volume Per Area
    {0x0002, PropertyId::applied_rate, "mm3/m2", 0.01, K::plain, 1},         // Actual Volume Per Area
    {0x0006, PropertyId::applied_rate_target, "mg/m2", 1, K::plain, 0},      // Setpoint Mass Per Area
    {0x0007, PropertyId::applied_rate, "mg/m2", 1, K::plain, 0},             // Actual Mass Per Area
    {0x000B, PropertyId::seed_rate_target, "seeds/m2", 0.001, K::plain, 0},  // Setpoint Count Per Area
    {0x000C, PropertyId::seed_rate, "seeds/m2", 0.001, K::plain, 0},         // Actual Count Per Area
    // ISO 11783-11: DDI 51 (0x33) is Setpoint and 52 (0x34) Actual Tillage Depth; 53 (0x35) is Default.
    {0x0033, PropertyId::tillage_depth_target, "mm", 1, K::plain, 0},
    {0x0034, PropertyId::tillage_depth_actual, "mm", 1, K::plain, 0},
    {0x0043, PropertyId::equipment_width, "mm", 1, K::plain, 0},             // Actual Working Width
    {0x0046, PropertyId::equipment_width, "mm", 1, K::plain, 1},             // Maximum Working Width
    {0x0053, PropertyId::wet_volume_per_area, "ml/m2", 1, K::plain, 0},      // Volume Per Area Yield
    {0x0054, PropertyId::wet_mass_per_area, "mg/m2", 1, K::plain, 0},        // Mass Per Area Yield
    {0x0057, PropertyId::crop_flow, "mg/s", 1, K::plain, 0},                 // Mass Per Time Yield
    {0x0063, PropertyId::harvest_moisture, "ppm", 1, K::plain, 0},           // Crop Moisture
    {0x008D, PropertyId::recording_status, "flag", 1, K::work_state, 0},     // Actual Work State
    {0x0094, PropertyId::fuel_used, "L", 0.001, K::running_total, 0},        // Total Fuel Consumption, ml
    // Instantaneous Fuel Consumption per Time is mm3/s; units.hpp has no mm3/s: 1 mm3/s = 0.0036 L/h.
    {0x0095, PropertyId::fuel_rate, "L/h", 0.0036, K::plain, 0},
    {0x00B5, PropertyId::dry_mass_per_area, "mg/m2", 1, K::plain, 0},        // Dry Mass Per Area Yield
    {0x018D, PropertyId::speed, "mm/s", 1, K::plain, 0},                     // Actual Speed
    {0x024D, PropertyId::applied_rate, "ml/m2", 0.1, K::plain, 2},           // Actual Volume Per Area, ml/m2
    // Actual Condensed Work State 1-16 ... 241-256 (DDI 161-176) are added by find_point_ddi().
    {0x00A1, PropertyId::recording_status, "flag", 1, K::condensed_work_state, 1},
};

constexpr TotalDdi total_ddis[] = {
    {0x0050, "applicationTotalVolume", "L", 1},
    {0x0051, "applicationTotalMass", "kg", 1},
    {0x0052, "applicationTotalCount", "seeds", 1},
    {0x0059, "yieldTotalVolume", "L", 1},
    {0x005A, "yieldTotalMass", "kg", 1},
    {0x0074, "totalArea", "m2", 1},
    {0x0075, "effectiveTotalDistance", "m", 0.001},   // mm
    {0x0076, "ineffectiveTotalDistance", "m", 0.001}, // mm
    {0x0077, "effectiveTotalTime", "s", 1},
    {0x0078, "ineffectiveTotalTime", "s", 1},
    {0x0094, "totalFuelConsumption", "L", 0.001},     // ml
    {0x00B7, "yieldTotalDryMass", "kg", 1},
    {0x013C, "effectiveTotalFuelConsumption", "L", 0.001}, // DDI 316, ml
};

constexpr std::uint16_t condensed_first = 0x00A1;
constexpr std::uint16_t condensed_last = 0x00B0;

} // namespace

const DdiMapping* find_point_ddi(std::uint16_t ddi) {
    // The 16 condensed work state DDIs share one entry.
    if (ddi >= condensed_first && ddi <= condensed_last) ddi = condensed_first;
    for (const auto& m : point_ddis)
        if (m.ddi == ddi) return &m;
    return nullptr;
}

double point_value(const DdiMapping& mapping, std::int32_t raw) {
    switch (mapping.kind) {
    case DdiKind::work_state: {
        const int state = raw & 0x3; // ISO 11783-11 DDI 141: 2 bits; 2 = error, 3 = not available
        return state == 1 ? 1.0 : state == 0 ? 0.0 : schema::missing;
    }
    case DdiKind::condensed_work_state: return any_section_on(raw);
    case DdiKind::plain:
    case DdiKind::running_total: break;
    }
    return static_cast<double>(raw) * mapping.scale;
}

double any_section_on(std::int32_t raw) {
    const auto bits = static_cast<std::uint32_t>(raw);
    for (int section = 0; section < 16; ++section)
        if (((bits >> (2 * section)) & 0x3U) == 1U) return 1.0;
    return 0.0;
}

const TotalDdi* find_total_ddi(std::uint16_t ddi) {
    for (const auto& t : total_ddis)
        if (t.ddi == ddi) return &t;
    return nullptr;
}

std::optional<std::uint16_t> parse_ddi(std::string_view hex) {
    if (hex.empty() || hex.size() > 4) return std::nullopt;
    std::uint16_t value = 0;
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
    if (ec != std::errc() || end != hex.data() + hex.size()) return std::nullopt;
    return value;
}

std::string ddi_label(std::uint16_t ddi) { return fmt::format("0x{:04X}", ddi); }

std::optional<schema::OperationType> operation_type_for(std::span<const std::uint16_t> ddis) {
    std::uint8_t seen = 0;
    for (const auto ddi : ddis)
        if (const auto* m = find_point_ddi(ddi)) seen |= schema::info(m->property).op_types;
    // A combine with a fertiliser unit is a harvest; a drill with a fertiliser hopper is a planting.
    if (seen & schema::op_harvested) return schema::OperationType::harvested;
    if (seen & schema::op_planted) return schema::OperationType::planted;
    if (seen & schema::op_applied) return schema::OperationType::applied;
    if (seen & schema::op_tillage) return schema::OperationType::tillage;
    return std::nullopt;
}

std::string_view cultural_practice_name(std::int64_t value) {
    // ISO 11783-11 DDI 179 Actual Cultural Practice enumeration.
    static constexpr std::array<std::string_view, 19> names = {
        "",          "Fertilizing", "Sowing and Planting", "Crop Protection",  "Tillage",
        "Baling",    "Mowing",      "Wrapping",            "Harvesting",       "Forage Harvesting",
        "Transport", "Swathing",    "Slurry/Manure Application", "Self-Loading Wagon", "Tedding",
        "Measuring", "Irrigation",  "Feeding/Mixing",      "Mulching"};
    if (value < 0 || value >= static_cast<std::int64_t>(names.size())) return "";
    return names[static_cast<std::size_t>(value)];
}

} // namespace furrow::formats::isoxml
