#pragma once
// What each point paints on a raster: its swath, a rectangle centred on the point, as wide as the
// implement across the heading and as long as the distance driven since the previous point along
// it. Rasters are therefore sized to the machine, not one pixel per point (issue #5).
//
// Rules (docs/OUTPUTS.md):
// - points with recordingStatus 0 ("Off") paint nothing: the implement was not working there;
//   points without a plane position paint nothing either;
// - a missing width is the file's median width; a file without any width uses 10 m (a common
//   header/boom section; the picture is then approximate but not one pixel per point);
// - a missing distance is the median distance; widths and distances are capped at 3x their
//   median, so a GNSS jump or a bogus width does not smear one value over the field; a length
//   is at least one cell, so a stationary machine still shows;
// - without a heading the swath is an axis-aligned square of the width.
#include "outputs/raster/projection.hpp"
#include "schema/point_table.hpp"

#include <cstdint>
#include <vector>

namespace furrow::outputs::raster {

inline constexpr double fallback_width_m = 10;
inline constexpr double swath_cap = 3; // x the median width / distance

struct Swath {
    double x, y;                   // centre, plane units
    double along_x, along_y;       // unit vector of the heading in the plane
    double half_length, half_width; // plane units
    std::uint32_t point;           // row in the point table
};

struct Swaths {
    std::vector<Swath> swaths;      // painted points only, in table order
    double median_width_m = 0;      // what the cell size is derived from
    bool width_known = false;       // false: fallback_width_m was used
};

Swaths build_swaths(const schema::PointTable& table, const Plane& plane);

} // namespace furrow::outputs::raster
