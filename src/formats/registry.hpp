#pragma once
// THE list of machine-file formats furrow knows, in detection priority order.
#include "formats/format.hpp"

#include <span>

namespace furrow::formats {

std::span<const Format> all_formats();
const Format* find_format(std::string_view id);
bool is_known_file_format(std::string_view file_format); // a wire fileFormat value of some format

struct DetectedDataset {
    const Format* format = nullptr;
    Dataset dataset;
};

// Runs every detector in priority order; an entry claimed by an earlier format is not offered to
// a later one (a John Deere shapefile's metadata .json is not also a GeoJSON file). Formats with
// a split() then cut their data sets into machine files.
std::vector<DetectedDataset> detect_datasets(const Bundle& bundle);

} // namespace furrow::formats
