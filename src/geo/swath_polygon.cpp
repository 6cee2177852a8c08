#include "geo/swath_polygon.hpp"

#include <cmath>
#include <numbers>

namespace furrow::geo {
namespace {

constexpr double wgs84_a = 6378137.0;
constexpr double wgs84_f = 1 / 298.257223563;
constexpr double wgs84_e2 = wgs84_f * (2 - wgs84_f);
constexpr double deg = std::numbers::pi / 180;


// Metres per degree of latitude (meridian radius M) and of longitude (N cos(lat)) at `lat_deg`.
std::pair<double, double> metres_per_degree(double lat_deg) {
    const double s = std::sin(lat_deg * deg);
    const double w = 1 - wgs84_e2 * s * s;
    const double meridian_radius = wgs84_a * (1 - wgs84_e2) / (w * std::sqrt(w));
    const double normal_radius = wgs84_a / std::sqrt(w);
    return {meridian_radius * deg, normal_radius * std::cos(lat_deg * deg) * deg};
}

} // namespace

SwathRing swath_polygon(double lon, double lat, double heading_deg, double width_m, double distance_m) {
    // Forward and right unit vectors in (east, north).
    const double fe = std::sin(heading_deg * deg), fn = std::cos(heading_deg * deg);
    const double re = fn, rn = -fe;
    // The rectangle's centre, half a distance behind the point (longitude scaled at the mean
    // latitude of the two). Corners are placed from the centre with the centre's scales: degrees
    // of longitude grow or shrink linearly with latitude across the swath, and about the centre
    // that cancels in the area (the point's own scales left 1.3e-6 of it, 25 m at 34 deg S).
    const double centre_lat = lat - distance_m / 2 * fn / metres_per_degree(lat).first;
    const double centre_lon = lon - distance_m / 2 * fe / metres_per_degree((lat + centre_lat) / 2).second;
    const auto [north_scale, east_scale] = metres_per_degree(centre_lat);
    auto at = [&](double along, double across) {
        const double east = along * fe + across * re;
        const double north = along * fn + across * rn;
        return std::pair{centre_lon + east / east_scale, centre_lat + north / north_scale};
    };
    const double half_width = width_m / 2, half_distance = distance_m / 2;
    const auto front_left = at(half_distance, -half_width);
    return {front_left, at(-half_distance, -half_width), at(-half_distance, half_width), at(half_distance, half_width),
            front_left};
}

} // namespace furrow::geo
