#pragma once
// A crop as a source names it (a crop column, a JD CropToken, an SMS product) to the name of
// Leaf's crop table (docs/CROPS.md) when the table knows it, else the source's text: one rule for
// every tabular reader.
#include <string>
#include <string_view>

namespace furrow::formats::columns {

// "OATS" -> "oats", "WHEAT_HRD_RD_SPR" -> "wheat (hrd rd spr)", "CORN WHITE" -> "corn, white".
std::string normalise_crop(std::string_view name);

} // namespace furrow::formats::columns
