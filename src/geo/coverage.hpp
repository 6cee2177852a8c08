#pragma once
// The area a machine covered: its working passes, each as wide as the machine, unioned. This is
// the summary's geometry (Leaf's BUFFER summary geometry).
#include "geo/geodesic.hpp"

#include <vector>

namespace furrow::geo {

struct Polygon {
    Ring outer;
    std::vector<Ring> holes;
};

struct PassPoint {
    double lon;
    double lat;
    bool working;
    bool new_pass; // a gap before this point: do not join it to the previous one
};

// Buffers the working passes by half the width and unions them. Empty when nothing was worked.
std::vector<Polygon> coverage(const std::vector<PassPoint>& points, double width_m);
double area_m2(const std::vector<Polygon>& polygons);

} // namespace furrow::geo
