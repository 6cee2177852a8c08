#pragma once
// Simplifies a coverage outline (geo/raster_outline.hpp) to what a map needs, in the local plane.
//
// The traced outline has two vertices per raster row on every edge (~190 000 for a 97 000-point
// harvest): several megabytes of JSON in every summary. The simplified outline keeps every feature
// larger than `tolerance` and at most `max_vertices` vertices:
//   1. holes and islands smaller than a tolerance-wide square are left out (below what the
//      tolerance can draw);
//   2. each ring is simplified by Douglas-Peucker within the tolerance; a ring left with fewer
//      than three vertices is dropped;
//   3. while the result has more than `max_vertices` vertices, the tolerance grows by half and
//      steps 1-2 run again on the full outline;
//   4. Douglas-Peucker cuts the corners of every bump (pass ends, slivers), so the result covers
//      less than the outline; every ring is offset outwards by the one distance that gives the
//      area back (area lost / perimeter, twice), so the area stays that of the full outline.
// Shells stay counter-clockwise and holes clockwise. The offset is a few centimetres to decimetres,
// well inside the tolerance. Where simplifying made a ring cross itself or another, GEOS repairs it
// (its "structure" method), so the result is a valid MultiPolygon.
#include "geo/raster_outline.hpp"

#include <cstddef>
#include <vector>

namespace furrow::geo {

struct SimplifiedOutline {
    std::vector<detail::PlanePolygon> polygons;
    double tolerance_m = 0; // the tolerance finally used (>= the one asked for)
};

SimplifiedOutline simplify_outline(const std::vector<detail::PlanePolygon>& outline, double tolerance_m,
                                   std::size_t max_vertices);

// Planar area of polygons (shells counter-clockwise, holes clockwise), in the plane's units.
double planar_area(const std::vector<detail::PlanePolygon>& polygons);
std::size_t vertex_count(const std::vector<detail::PlanePolygon>& polygons);

} // namespace furrow::geo
