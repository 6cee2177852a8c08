#pragma once
#include "formats/format.hpp"

#include <string_view>

namespace furrow::formats::csv {

// Yield-monitor text exports: Ag Leader Advanced Export (headerless) and point tables with a header.
Format format();

namespace detail {
// Is this text (the first few KB of an entry) a point table this reader understands?
bool looks_like_point_table(std::string_view head);
} // namespace detail

} // namespace furrow::formats::csv
