#pragma once
// Turns a finished SwathRaster into polygons in the raster's plane, in time linear in the size of
// the outline (plus one sort). Each row's covered intervals are rectangles one row high; their
// boundary is traced as rings with the covered side on the left, so shells run counter-clockwise
// and holes clockwise. Intervals of neighbouring rows that overlap belong to one polygon (a
// union-find over intervals), which is how each hole finds its shell without any geometric test.
#include "geo/swath_raster.hpp"

#include <vector>

namespace furrow::geo::detail {

struct PlanePolygon {
    std::vector<XY> outer;              // counter-clockwise, not closed (last != first)
    std::vector<std::vector<XY>> holes; // clockwise, not closed
};

std::vector<PlanePolygon> outline(const SwathRaster& raster);

} // namespace furrow::geo::detail
