#pragma once
// Distances, azimuths and areas on the WGS84 ellipsoid (Karney's algorithms, via PROJ's geodesic.h).
#include <utility>
#include <vector>

namespace furrow::geo {

struct Inverse {
    double distance_m;
    double azimuth_deg; // 0..360, clockwise from north, at the first point
};

Inverse inverse(double lon1, double lat1, double lon2, double lat2);

using Ring = std::vector<std::pair<double, double>>; // (lon, lat), closed or not
// Area of a polygon with holes: |outer| - sum |holes|, in m².
double polygon_area_m2(const Ring& outer, const std::vector<Ring>& holes);

} // namespace furrow::geo
