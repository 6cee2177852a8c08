#pragma once
// ISO 11783-11 process data (DDIs) furrow turns into standard point properties or task totals
// (the data dictionary published at isobus.net). Every other DDI (proprietary 0xE000-0xFFFE, 0xDFFE PGN based data,
// 0xDFFF default process data, standard DDIs without a standard property) is ignored, not an error.
// Stored values follow the standard DDI scale; a device's DVP is display-only (ISO 11783-10 DVP) and unused.
#include "schema/operation_type.hpp"
#include "schema/property_registry.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace furrow::formats::isoxml {

enum class DdiKind : std::uint8_t {
    plain,                // value in `unit` = raw x scale
    work_state,           // 2-bit enum: 0 off, 1 on, 2 error, 3 not available
    condensed_work_state, // 16 sections x 2 bits (section 1 in the LSBs); 1 = on, 3 = not installed
    running_total,        // a cumulative counter: each point gets the increase since the previous point
};

struct DdiMapping {
    std::uint16_t ddi;
    schema::PropertyId property;
    std::string_view unit; // a schema/units.hpp name
    double scale;          // value in `unit` = raw x scale (for running_total: the counter's level)
    DdiKind kind;
    std::uint8_t rank;     // among DDIs feeding the same property, the lower rank is preferred
};

// nullptr for DDIs that feed no point property.
const DdiMapping* find_point_ddi(std::uint16_t ddi);

// A point value from a raw int32 (running totals: the counter level in `unit`). NaN = no value.
double point_value(const DdiMapping& mapping, std::int32_t raw);

// Condensed work state (DDI 161-176): 1 when any of the 16 sections is on, else 0.
double any_section_on(std::int32_t raw);

// Task totals (TSK/TIM/DLV) reported as SourceInfo::reported_totals[name] in `unit`.
struct TotalDdi {
    std::uint16_t ddi;
    std::string_view name;
    std::string_view unit;
    double scale; // value in `unit` = raw x scale
};

const TotalDdi* find_total_ddi(std::uint16_t ddi);

// "0043" (hex, as in DLV A / DPD B) -> 0x0043; nullopt unless 1-4 hex digits.
std::optional<std::uint16_t> parse_ddi(std::string_view hex);
// 0x0074 -> "0x0074".
std::string ddi_label(std::uint16_t ddi);

// planted / applied / harvested / tillage from the logged DDIs, or none when none says.
std::optional<schema::OperationType> operation_type_for(std::span<const std::uint16_t> ddis);
// The word ISO 11783-11 DDI 179 (Actual Cultural Practice) uses for `value`, or "" if unknown.
std::string_view cultural_practice_name(std::int64_t value);

} // namespace furrow::formats::isoxml
