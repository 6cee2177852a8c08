#include "geo/swath_polygon.hpp"

#include "geo/geodesic.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::geo {
namespace {

// Metres per degree at the equator, from pyproj's Geod(ellps="WGS84").inv over 1e-4 degrees:
// north 110574.2758216, east 111319.4907933.
constexpr double m_per_deg_north_equator = 110574.2758216;
constexpr double m_per_deg_east_equator = 111319.4907933;

double signed_area_deg2(const SwathRing& ring) {
    double twice = 0;
    for (std::size_t corner_idx = 0; corner_idx + 1 < ring.size(); ++corner_idx)
        twice += ring[corner_idx].first * ring[corner_idx + 1].second - ring[corner_idx + 1].first * ring[corner_idx].second;
    return twice / 2;
}

} // namespace

TEST(SwathPolygon, rectangle_ends_at_the_point_and_lies_behind_it) {
    // Heading east at 0,0: left is north. Width 10 m across, 20 m back along the heading.
    const auto ring = swath_polygon(0, 0, 90, 10, 20);
    const double north = 5 / m_per_deg_north_equator, back = -20 / m_per_deg_east_equator;
    const std::pair<double, double> expected[] = {{0, north}, {back, north}, {back, -north}, {0, -north}, {0, north}};
    for (std::size_t corner_idx = 0; corner_idx < 5; ++corner_idx) {
        EXPECT_NEAR(ring[corner_idx].first, expected[corner_idx].first, 1e-12) << corner_idx;
        EXPECT_NEAR(ring[corner_idx].second, expected[corner_idx].second, 1e-12) << corner_idx;
    }
}

TEST(SwathPolygon, heading_north_puts_the_swath_south_with_left_to_the_west) {
    const auto ring = swath_polygon(10, 0, 0, 4, 3);
    EXPECT_NEAR(ring[0].first, 10 - 2 / m_per_deg_east_equator, 1e-12); // front-left: west
    EXPECT_NEAR(ring[0].second, 0, 1e-12);
    EXPECT_NEAR(ring[1].second, -3 / m_per_deg_north_equator, 1e-12); // back: south
    EXPECT_NEAR(ring[3].first, 10 + 2 / m_per_deg_east_equator, 1e-12);
}

TEST(SwathPolygon, geodesic_area_is_width_times_distance_and_ring_is_counterclockwise) {
    struct Case {
        double lon, lat, heading, width, distance;
    };
    const Case cases[] = {{8.5, 52.3, 37, 12, 3}, {-93.6, 41.9, 271.5, 36.6, 1.4}, {146.1, -34.2, 180, 9.1, 25},
                          {2.3, 64.9, 359.9, 0.5, 0.2}};
    for (const auto& c : cases) {
        const auto ring = swath_polygon(c.lon, c.lat, c.heading, c.width, c.distance);
        const double area = polygon_area_m2(Ring(ring.begin(), ring.end()), {}); // PROJ geod_polygonarea
        // geod_polygonarea sums large per-edge terms that cancel, leaving ~2e-5 m² of rounding on
        // polygons this small (pyproj gives the same figures; in a Lambert equal-area projection
        // the same rings are within 1e-9 of width x distance, see tests/e2e/test_geoparquet_output.py).
        EXPECT_NEAR(area, c.width * c.distance, 1e-4 + 1e-6 * c.width * c.distance) << c.lat;
        EXPECT_GT(signed_area_deg2(ring), 0) << "counter-clockwise at " << c.lat;
        EXPECT_EQ(ring.front(), ring.back());
    }
}

} // namespace furrow::geo
