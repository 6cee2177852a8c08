// Where the implement is: swath middle and width while working, the receiver moved by the measured
// offset otherwise; headings from the swath's ends and from motion. Hand-built logs, hand arithmetic.
#include "formats/jd_gen4/implement_geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::formats::jd_gen4 {
namespace {

// WGS84 metres per degree at 42 N (hand-computed from a = 6378137, e2 = 0.00669437999014):
// east N cos(lat) pi/180, north M pi/180.
constexpr double lat0 = 42.0;
const double east_m_per_deg = 6378137.0 / std::sqrt(1 - 0.00669437999014 * std::pow(std::sin(42.0 * M_PI / 180), 2)) *
                              std::cos(42.0 * M_PI / 180) * M_PI / 180;
const double north_m_per_deg = 6378137.0 * (1 - 0.00669437999014) /
                               std::pow(1 - 0.00669437999014 * std::pow(std::sin(42.0 * M_PI / 180), 2), 1.5) * M_PI / 180;

// A machine driving north at 2 m/s, 5 Hz; its 9 m header 2 m ahead of the receiver works for the
// first three samples, then is lifted.
FileLog driving_north() {
    FileLog log;
    for (int i = 0; i < 6; ++i) {
        const double north = 0.4 * i;
        log.track.push_back({1000 + 200 * i, lat0 + north / north_m_per_deg, -93.0, 300, 2});
        if (i < 3) {
            const double lat = lat0 + (north + 2) / north_m_per_deg;
            log.swath.push_back({1000 + 200 * i, lat, -93.0 - 4.5 / east_m_per_deg, lat, -93.0 + 4.5 / east_m_per_deg});
        }
    }
    return log;
}

TEST(ImplementGeometry, working_points_are_the_swath_middle_with_its_width_and_heading) {
    const auto points = implement_points(driving_north());
    ASSERT_EQ(points.size(), 6u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(points[i].working);
        EXPECT_NEAR(points[i].width_m, 9.0, 1e-4); // the radii are taken at the swath, a few metres north of 42
        EXPECT_NEAR(points[i].heading_deg, 0.0, 1e-6); // first end west going north: left
        EXPECT_NEAR((points[i].lat - lat0) * north_m_per_deg, 0.4 * i + 2, 1e-6);
        EXPECT_NEAR(points[i].lon, -93.0, 1e-12);
    }
}

TEST(ImplementGeometry, lifted_points_move_the_receiver_by_the_measured_offset) {
    const auto points = implement_points(driving_north());
    for (int i = 3; i < 6; ++i) {
        EXPECT_FALSE(points[i].working);
        EXPECT_EQ(points[i].width_m, 0.0);
        EXPECT_NEAR(points[i].heading_deg, 0.0, 1e-6); // from motion: north
        EXPECT_NEAR((points[i].lat - lat0) * north_m_per_deg, 0.4 * i + 2, 1e-6); // 2 m ahead, as measured
        EXPECT_NEAR(points[i].lon, -93.0, 1e-9);
    }
}

TEST(ImplementGeometry, standing_still_keeps_the_heading_and_no_swath_means_no_offset) {
    FileLog log;
    // Driving east 1 m, then standing: the standing samples keep heading 90.
    log.track.push_back({0, lat0, -93.0, 0, 0});
    log.track.push_back({200, lat0, -93.0 + 1 / east_m_per_deg, 0, 0});
    log.track.push_back({400, lat0, -93.0 + 1 / east_m_per_deg, 0, 0});
    const auto points = implement_points(log);
    EXPECT_NEAR(points[0].heading_deg, 90.0, 1e-6); // the first known heading, backwards
    EXPECT_NEAR(points[2].heading_deg, 90.0, 1e-6);
    EXPECT_EQ(points[2].lon, log.track[2].lon); // no swath sample: no offset to apply
}

} // namespace
} // namespace furrow::formats::jd_gen4
