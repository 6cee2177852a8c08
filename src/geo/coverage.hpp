#pragma once
// The area a machine covered: its working passes, each as wide as the machine, unioned. This is
// the summary's geometry (Leaf's BUFFER summary geometry).
#include "geo/geodesic.hpp"

#include <cstddef>
#include <vector>

namespace furrow::geo {

struct Polygon {
    Ring outer;
    std::vector<Ring> holes;
};

struct PassPoint {
    double lon;
    double lat;
    double width_m;  // working width at this point; the segment that ends here is this wide
    bool working;
    bool new_pass;   // a gap before this point: do not join it to the previous one
};

// Every working segment (previous point -> this point) as a band of this point's width, with
// round joins between consecutive segments of one width, unioned: the same segments and widths
// that make up the points' `area`, so overlaps (and the joins' wedges on turns) are the only
// difference between the two. The union is rasterised on rows a quarter of the median width high
// (geo/swath_raster.hpp; the area is within ~0.1 % of an exact GEOS union on real harvests) and
// outlined once (geo/raster_outline.hpp), in time linear in the points. Empty when nothing was
// worked.
std::vector<Polygon> coverage(const std::vector<PassPoint>& points);

// The coverage at full resolution and simplified for maps and API answers (geo/outline_simplify.hpp):
// within a tolerance of the raster's row height (a quarter of the median working width), grown
// until the outline has at most `max_vertices` vertices, with the full outline's area.
// The simplified outline's vertices lie on a grid of 1e-7 degree (~1 cm; 7 decimals in JSON) and
// stay a valid MultiPolygon written so; the full outline keeps every digit.
inline constexpr double simplified_grid_degrees = 1e-7;
struct CoverageOutlines {
    std::vector<Polygon> full;
    std::vector<Polygon> simplified;
    double tolerance_m = 0;
};
CoverageOutlines coverage_outlines(const std::vector<PassPoint>& points, std::size_t max_vertices);
double area_m2(const std::vector<Polygon>& polygons);

} // namespace furrow::geo
