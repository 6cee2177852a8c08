#include "geo/coverage.hpp"
#include "geo/geodesic.hpp"

#include <gtest/gtest.h>

namespace furrow::geo {

// Reference figures from pyproj (Geod(ellps="WGS84")), an independent implementation.
TEST(Geodesic, matches_pyproj_distance_and_azimuth) {
    const auto jfk_lhr = inverse(-73.78, 40.64, -0.45, 51.47);
    EXPECT_NEAR(jfk_lhr.distance_m, 5555408.658, 1e-3);
    EXPECT_NEAR(jfk_lhr.azimuth_deg, 51.37923282, 1e-6);
    const auto north = inverse(8.0, 52.0, 8.0, 52.00008987362085);
    EXPECT_NEAR(north.distance_m, 10.0, 1e-6);
    EXPECT_NEAR(north.azimuth_deg, 0.0, 1e-6);
}

TEST(Geodesic, polygon_area_matches_pyproj) {
    const Ring square = {{8.0, 52.0}, {8.001, 52.0}, {8.001, 52.001}, {8.0, 52.001}};
    EXPECT_NEAR(polygon_area_m2(square, {}), 7641.536594, 1e-3);
}

// A straight 20 m pass, 10 m wide, flat ends: 200 m² by hand.
TEST(Coverage, straight_pass_covers_width_times_length) {
    const std::vector<PassPoint> pass = {{8.0, 52.0, 10, true, false},
                                         {8.0, 52.00008987362085, 10, true, false},
                                         {8.0, 52.00017974724031, 10, true, false}};
    const auto covered = coverage(pass);
    ASSERT_EQ(covered.size(), 1u);
    EXPECT_NEAR(area_m2(covered), 200, 2);
}

TEST(Coverage, idle_points_and_gaps_add_nothing) {
    const std::vector<PassPoint> pass = {{8.0, 52.0, 10, true, false},
                                         {8.0, 52.00008987362085, 10, true, false},
                                         {8.0, 52.00017974724031, 10, false, false},
                                         {8.01, 52.0, 10, true, true}};
    EXPECT_NEAR(area_m2(coverage(pass)), 100, 1);
    EXPECT_TRUE(coverage({}).empty());
}

// Two 10 m segments, 10 m then 4 m wide: 100 + 40 m², each band as wide as its segment.
TEST(Coverage, each_run_is_as_wide_as_its_segments) {
    const std::vector<PassPoint> pass = {{8.0, 52.0, 10, true, false},
                                         {8.0, 52.00008987362085, 10, true, false},
                                         {8.0, 52.00017974724031, 4, true, false}};
    EXPECT_NEAR(area_m2(coverage(pass)), 140, 1.5);
}

} // namespace furrow::geo
