#pragma once
// Plane polygons (geo/raster_outline.hpp) through GEOS: validity repair and snapping to a grid.
// Both keep the ring conventions of PlanePolygon (shells counter-clockwise, holes clockwise, not
// closed); lines and points that a repair leaves are dropped. The coordinates need not be metres:
// lon/lat pairs stored as x/y work the same (x east, y north), which is how API geometry is
// snapped to the decimals it is written with.
#include "geo/raster_outline.hpp"

#include <vector>

namespace furrow::geo::detail {

// Twice-halved shoelace sum: positive for counter-clockwise rings.
double signed_area(const std::vector<XY>& ring);

// Simplifying rings one by one can make a ring cross itself or a neighbour where two features
// came closer than the tolerance. GEOS repairs that (its "structure" method: rings are unioned as
// areas, so a bow tie becomes its two lobes). Valid polygons are returned unchanged.
void make_valid(std::vector<PlanePolygon>& polygons);

// Every coordinate rounded to a multiple of `grid` such that the result is still a valid
// MultiPolygon: rounding each vertex on its own can make rings that came within a grid cell of each
// other touch along an edge or cross (seen on real harvests at 7 decimals of a degree). GEOS's
// precision reducer snap-rounds the polygons as areas, then make_valid repairs whatever is left.
void snap_to_grid(std::vector<PlanePolygon>& polygons, double grid);

} // namespace furrow::geo::detail
