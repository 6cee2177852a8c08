#pragma once
// A unit as sources write it, to furrow's unit: furrow's own names ("lb/ac"), John Deere / ADAPT
// unit codes ("bu1ac-1", "mi1hr-1", "prcnt"), and the spellings display headers use ("tonne/ha",
// "mph", "%", "bu/a"). nullptr when furrow does not know it (a guessed unit gives wrong numbers).
#include "schema/units.hpp"

#include <string_view>

namespace furrow::formats::columns {

const schema::Unit* parse_unit(std::string_view text);

} // namespace furrow::formats::columns
