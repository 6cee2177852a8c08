#include "geo/geodesic.hpp"

#include <geodesic.h>

#include <cmath>

namespace furrow::geo {
namespace {

const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic init{};
        geod_init(&init, 6378137.0, 1 / 298.257223563);
        return init;
    }();
    return g;
}

double ring_area(const Ring& ring) {
    geod_polygon polygon{};
    geod_polygon_init(&polygon, 0);
    std::size_t count = ring.size();
    if (count > 1 && ring.front() == ring.back()) --count; // geod_polygon closes rings itself
    for (std::size_t vertex_idx = 0; vertex_idx < count; ++vertex_idx)
        geod_polygon_addpoint(&wgs84(), &polygon, ring[vertex_idx].second, ring[vertex_idx].first);
    double area = 0, perimeter = 0;
    geod_polygon_compute(&wgs84(), &polygon, 0, 1, &area, &perimeter);
    return std::fabs(area);
}

} // namespace

Inverse inverse(double lon1, double lat1, double lon2, double lat2) {
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&wgs84(), lat1, lon1, lat2, lon2, &s12, &azi1, &azi2);
    return {s12, azi1 < 0 ? azi1 + 360 : azi1};
}

double polygon_area_m2(const Ring& outer, const std::vector<Ring>& holes) {
    double area = ring_area(outer);
    for (const auto& hole : holes) area -= ring_area(hole);
    return area;
}

} // namespace furrow::geo
