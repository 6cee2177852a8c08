#pragma once
// A source column's name as the catalogue compares it, and the unit its header carries.
#include <string>
#include <string_view>

namespace furrow::formats::columns {

// Lower case, letters and digits only: "Yld Mass(Dry)" -> "yldmassdry", "SWATH_WIDTH" -> "swathwidth".
std::string column_key(std::string_view name);

struct HeaderText {
    std::string name; // the header without its unit: "Yld Mass(Dry)"
    std::string unit; // the unit text in the last (...) or [...] group, when that group is a unit
};

// "Yld Mass(Dry)(tonne/ha)" -> {"Yld Mass(Dry)", "tonne/ha"}; "Yield (bu/ac)" -> {"Yield", "bu/ac"};
// "Crop Flw(M)" -> {"Crop Flw(M)", ""}: a bracket group counts as a unit only when parse_unit knows it.
HeaderText split_header(std::string_view header);

} // namespace furrow::formats::columns
