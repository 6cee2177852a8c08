#pragma once
// Issue 15 point 5: a device value presentation (DVP: displayed = (raw + offset) x scale, in its
// unit) that disagrees with the ISO 11783-11 data dictionary. ISO 11783-10 makes a DVP display-only
// and /work/shared/spec/ddi.md notes devices whose DVP is 100x off the dictionary, so the rule is:
// logged values are always read at the dictionary's scale (ddi.cpp); a disagreement is only
// reported, as a conversion report warning naming the element, the DDI and both readings.
// A DVP is compared when its unit text is one furrow knows (formats/columns/unit_text.hpp) of the
// DDI's dimension; readings more than 1 % apart disagree (DVP scales are 32-bit floats).
#include "formats/isoxml/taskdata.hpp"
#include "formats/isoxml/tlg_decoder.hpp"

#include <span>
#include <string>
#include <vector>

namespace furrow::formats::isoxml {

// One warning per (element, DDI) logged in `headers` whose DVP disagrees, in header order.
std::vector<std::string> presentation_warnings(const TaskData& td, std::span<const TlgHeader* const> headers);

} // namespace furrow::formats::isoxml
