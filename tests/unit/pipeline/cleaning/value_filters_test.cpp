// Status, value, position and statistical filters on hand-built tables; expected points worked
// out by hand in the comments.
#include "unit/pipeline/cleaning/track.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace furrow::pipeline::cleaning {
namespace {

using namespace testing;
using S = CleaningSettings;
using schema::PropertyId;

TEST(CleaningStatus, removes_points_logged_with_the_implement_off_and_keeps_unknown) {
    auto points = straight(5);
    const double status[] = {1, 0, 1, schema::missing, 0};
    for (std::size_t i = 0; i < 5; ++i) points[i].status = status[i];
    const auto r = clean_points(track(points), only({&S::recording_status}));
    EXPECT_EQ(removed_by_filter(r, "recordingStatus"), (Indices{1, 4}));
}

TEST(CleaningValue, invalid_removes_missing_zero_and_negative_values) {
    auto points = straight(5);
    const double values[] = {5, 0, -1, schema::missing, 7};
    for (std::size_t i = 0; i < 5; ++i) points[i].value = values[i];
    const auto r = clean_points(track(points), only({&S::invalid_value}));
    EXPECT_EQ(removed_by_filter(r, "invalidValue"), (Indices{1, 2, 3}));
    EXPECT_EQ(r.property, PropertyId::wet_mass_per_area);
}

// Values 1..9 and 100: Q10 = 1.9, Q90 = 9 + 0.1 x 91 = 18.1, IQR = 7.75 - 3.25 = 4.5, so the
// limits are [max(0, 1.9 - 4.95), 18.1 + 4.95] = [0, 23.05]: only 100 is out.
TEST(CleaningValue, quantile_limits_with_a_floor_of_zero) {
    auto points = straight(10);
    for (std::size_t i = 0; i < 9; ++i) points[i].value = static_cast<double>(i + 1);
    points[9].value = 100;
    const auto r = clean_points(track(points), only({&S::value_quantile}));
    EXPECT_EQ(removed_by_filter(r, "valueQuantile"), (Indices{9}));
}

// 15 x 9, 15 x 11 and one 25: mean = 325/31 = 10.484, SD = sqrt((15 x 1.484^2 + 15 x 0.516^2 +
// 14.516^2) / 30) = 2.874. 3 SD: 25 is 14.52 above the mean (> 8.62), 9 and 11 are within.
// 6 SD (Leaf's operationsOutliersLimit) = 17.24: nothing is out.
std::vector<TrackPoint> one_high_value() {
    auto points = straight(31);
    for (std::size_t i = 0; i < 30; ++i) points[i].value = i % 2 == 0 ? 9 : 11;
    points[30].value = 25;
    return points;
}

TEST(CleaningValue, global_sd_removes_a_value_far_above_the_rest) {
    const auto r = clean_points(track(one_high_value()), only({&S::global_sd}));
    EXPECT_EQ(removed_by_filter(r, "globalSd"), (Indices{30}));
}

TEST(CleaningValue, global_sd_follows_leafs_outlier_keys) {
    nlohmann::json only_global_sd;
    for (const auto& f : cleaning_filters()) only_global_sd[std::string(f.name)]["enabled"] = f.name == "globalSd";
    auto s = cleaning_settings_from_config({{"cleaningFilters", only_global_sd}, {"operationsOutliersLimit", 6}});
    EXPECT_TRUE(clean_points(track(one_high_value()), s).removed_by == std::vector<std::uint8_t>(31, 0));
    s = cleaning_settings_from_config({{"operationsRemoveOutliers", false}});
    EXPECT_FALSE(s.global_sd);
    EXPECT_EQ(s.global_sd_limit, 3);
}

// A 21 x 11 grid 2 m apart: x < 20 holds 9 / 11 (checkerboard), x >= 20 holds 29 / 31; the point
// at (4, 10) holds 20. Whole field: mean ~20, SD ~10, so 20 is no global outlier. Width 2 m x 5
// swaths = 10 m: its neighbours are all 9s and 11s (mean ~10, SD ~1), so it is 10 from their mean
// (> 2.4 SD). Every other point is within ~1.2 of its neighbours' mean with SD >= 1 (more near x = 20).
TEST(CleaningValue, local_sd_removes_a_value_out_of_line_with_its_neighbours_only) {
    std::vector<TrackPoint> points;
    for (int row = 0; row < 11; ++row)
        for (int col = 0; col < 21; ++col) {
            const double base = col < 10 ? 10 : 30;
            points.push_back({.x = 2.0 * col, .y = 2.0 * row, .t = 21.0 * row + col,
                              .value = base + ((row + col) % 2 ? -1 : 1), .width = 2});
        }
    points[5 * 21 + 2].value = 20;
    const auto r = clean_points(track(points), only({&S::local_sd, &S::global_sd}));
    EXPECT_EQ(removed_by_filter(r, "globalSd"), Indices{});
    EXPECT_EQ(removed_by_filter(r, "localSd"), (Indices{5 * 21 + 2}));
}

// localSd against a brute-force count of its rule: 40 serpentine passes 1 m apart, a point a metre,
// noisy yields with a spike every 97th point, width 2.1 m x 5 swaths = 10.5 m. No lattice distance
// lies within 1 cm of 10.5 m (sqrt(110) = 10.488, sqrt(111) = 10.536), so the plane the filter
// projects onto cannot move a point across the circle. The filter's cells hold ~110 points cut into
// blocks of 16 that span several passes: blocks wholly in, wholly out, cut, and holding the point.
TEST(CleaningValue, local_sd_equals_a_brute_force_count) {
    std::vector<TrackPoint> points;
    std::mt19937 random(20261124);
    std::normal_distribution<double> yield(8000, 800);
    for (int pass = 0; pass < 40; ++pass)
        for (int step = 0; step < 60; ++step) {
            const double y = pass % 2 == 0 ? step : 59 - step;
            points.push_back({.x = static_cast<double>(pass), .y = y, .t = 60.0 * pass + step, .value = yield(random), .width = 2.1});
            if (points.size() % 97 == 0) points.back().value *= 1.8;
        }
    Indices expected;
    for (std::size_t i = 0; i < points.size(); ++i) {
        std::vector<long double> near;
        for (std::size_t j = 0; j < points.size(); ++j)
            if (j != i && std::hypot(points[j].x - points[i].x, points[j].y - points[i].y) <= 10.5) near.push_back(points[j].value);
        if (near.size() < 3) continue;
        long double mean = 0, squares = 0;
        for (const auto v : near) mean += v;
        mean /= static_cast<long double>(near.size());
        for (const auto v : near) squares += (v - mean) * (v - mean);
        const long double sd = std::sqrt(squares / static_cast<long double>(near.size() - 1));
        if (std::fabs(points[i].value - mean) > 2.4L * sd) expected.push_back(i);
    }
    const auto r = clean_points(track(points), only({&S::local_sd}));
    EXPECT_EQ(removed_by_filter(r, "localSd"), expected);
    EXPECT_GE(expected.size(), 20u); // the spikes, and the noise's own tails
}

TEST(CleaningPosition, duplicate_removes_a_later_point_at_the_same_place) {
    auto points = straight(4);
    points[2].y = points[1].y + 0.05; // 5 cm from point 1 (< 10 cm)
    points[3].y = points[1].y + 0.2;  // 20 cm: a point of its own
    const auto r = clean_points(track(points), only({&S::duplicate_position}));
    EXPECT_EQ(removed_by_filter(r, "duplicatePosition"), (Indices{2}));
}

// Pass A northwards at x = 0 covers x in [-5, 5]; pass B southwards at x = 4 covers [-1, 9]: 60 %
// of each of its swaths was harvested (> 40 %); pass C northwards at x = 12 covers [7, 17]: 20 %.
// B's first point (distance 0) covers one cell at y 38..38.3, beyond A's last swath: kept.
TEST(CleaningPosition, overlap_removes_swaths_mostly_harvested_before) {
    auto points = straight(20);
    for (std::size_t i = 0; i < 20; ++i)
        points.push_back({.x = 4, .y = 38 - 2.0 * static_cast<double>(i), .t = 100.0 + static_cast<double>(i), .heading = 180});
    const auto c = straight(20, 12, 0, 200);
    points.insert(points.end(), c.begin(), c.end());
    points[0].distance = points[20].distance = points[40].distance = 0;
    const auto r = clean_points(track(points), only({&S::overlap}));
    Indices b;
    for (std::size_t i = 21; i < 40; ++i) b.push_back(i);
    EXPECT_EQ(removed_by_filter(r, "overlap"), b);
}

// A 2 s delay: point i takes the yield logged at t + 2 s; the last two points have none.
TEST(CleaningFlowDelay, shifts_the_yield_and_removes_points_without_one) {
    auto points = straight(10);
    for (std::size_t i = 0; i < 10; ++i) points[i].value = 100.0 + static_cast<double>(i);
    auto s = only({&S::flow_delay});
    s.flow_delay_s = 2;
    const auto data = track(points);
    const auto r = clean_points(data, s);
    EXPECT_EQ(removed_by_filter(r, "flowDelay"), (Indices{8, 9}));
    EXPECT_EQ(r.kept, 8u);
    const auto filtered = filtered_copy(data, r);
    const auto& yield = filtered.points.find(PropertyId::wet_mass_per_area)->values;
    const auto& mass = filtered.points.find(PropertyId::wet_mass)->values;
    for (std::size_t i = 0; i < 8; ++i) {
        EXPECT_EQ(yield[i], 102.0 + static_cast<double>(i));
        EXPECT_DOUBLE_EQ(mass[i], yield[i] * 20 / 10'000); // 10 m x 2 m
    }
}

// Point 2 is both off and too fast: recordingStatus comes first in the table and wins.
TEST(CleaningOrder, the_first_filter_in_the_table_wins_and_the_report_adds_up) {
    auto points = straight(6);
    points[2].status = 0;
    points[2].speed = 20;
    points[4].speed = 20;
    points[5].value = 0;
    const auto data = track(points);
    const auto r = clean_points(data, only({&S::recording_status, &S::invalid_value, &S::speed_range}));
    EXPECT_EQ(removed_by_filter(r, "recordingStatus"), (Indices{2}));
    EXPECT_EQ(removed_by_filter(r, "speedRange"), (Indices{4}));
    EXPECT_EQ(removed_by_filter(r, "invalidValue"), (Indices{5}));
    EXPECT_EQ(r.report(), (nlohmann::json{{"inputPoints", 6}, {"keptPoints", 3}, {"property", "wetMassPerArea"},
                                          {"removedBy", {{"recordingStatus", 1}, {"invalidValue", 1}, {"speedRange", 1}}}}));
    const auto without_status = clean_points(data, only({&S::invalid_value, &S::speed_range}));
    EXPECT_EQ(removed_by_filter(without_status, "speedRange"), (Indices{2, 4}));
    EXPECT_EQ(filtered_copy(data, r).points.size(), 3u);
}

TEST(CleaningOrder, reports_when_no_point_passes) {
    auto points = straight(3);
    for (auto& p : points) p.status = 0;
    const auto r = clean_points(track(points), CleaningSettings{});
    EXPECT_EQ(r.kept, 0u);
    EXPECT_EQ(r.report()["removedBy"]["recordingStatus"], 3);
    EXPECT_STREQ(no_points_passed_message, "no points passed the filter");
}

TEST(CleaningOrder, judges_the_main_rate_of_each_operation_type) {
    auto d = track(straight(3));
    d.source.operation_type = schema::OperationType::applied;
    EXPECT_EQ(clean_points(d, CleaningSettings{}).property, std::nullopt); // no appliedRate column
    d.points.column(PropertyId::applied_rate, schema::unit("kg/ha")).values = {1, 0, 2};
    const auto r = clean_points(d, only({&S::invalid_value}));
    EXPECT_EQ(r.property, PropertyId::applied_rate);
    EXPECT_EQ(removed_by_filter(r, "invalidValue"), (Indices{1}));
}

} // namespace
} // namespace furrow::pipeline::cleaning
