#pragma once
// The column layouts the CSV reader knows, as data: what each column of a row means.
//
// - Ag Leader "Advanced Export" (the text read by USDA Yield Editor): no header, one layout per field
//   count. 14 fixed columns: longitude, latitude, grain flow (lb/s), GPS time (Unix seconds), logging
//   interval (s), distance travelled in the interval (in), swath (in), moisture (%), header status,
//   pass, serial, "Fn: field", "Ln: load", grain type; then 15: + variety; 16: + variety, altitude
//   (ft); 17: + GPS status, PDOP, altitude (ft). Samples: pacu 2012-basswood.txt (17) and yieldcleanr
//   sample1 (16), sample2-4 (15); yieldcleanr's read_yield_data names the columns the same way.
// - Any file with a header naming longitude and latitude columns: the column catalogue
//   (formats/columns) says what each column is, with the unit in brackets when the header has one
//   ("Yield (bu/ac)", "Yld Mass(Dry)(tonne/ha)").
#include "formats/columns/column_resolver.hpp"
#include "schema/property_registry.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::csv::detail {

enum class Role {
    ignored,
    lon,
    lat,
    property,      // a number in `unit`
    epoch_seconds, // Unix seconds
    date,          // a date, or a date and time in one cell
    time_of_day,
    interval_s,    // Ag Leader: seconds since the previous record
    distance_in,   // Ag Leader: inches travelled since the previous record (with interval_s: speed)
    header_status, // Ag Leader: bit 0 set (1, 33) = header down, logging; clear (0, 32) = up
    crop,
    variety,
    field,  // "F1: C1N" -> "C1N"
    serial, // the yield monitor's serial number
    product,
    recording, // "On"/"Off", "Yes"/"No", 1/0
};

struct ColumnSpec {
    Role role = Role::ignored;
    schema::PropertyId property{};
    const schema::Unit* unit = nullptr;
};

struct Layout {
    std::string name; // "agleader-advanced" or "header"
    std::vector<ColumnSpec> columns;
    columns::Resolution resolution; // header layouts: what the column catalogue made of the header
};

// The Ag Leader Advanced Export layout for a row of `field_count` fields (14-17), else nullopt.
std::optional<Layout> agleader_layout(std::size_t field_count);
// Does this row look like an Ag Leader Advanced Export record (detection and layout choice)?
bool is_agleader_row(const std::vector<std::string>& fields);

// The layout for a header row; nullopt unless it names a longitude and a latitude column.
// `first_row` (may be empty) decides between a numeric time column and a time-of-day column.
std::optional<Layout> header_layout(const std::vector<std::string>& header, const std::vector<std::string>& first_row);

} // namespace furrow::formats::csv::detail
