// The speed, turn and pass filters on hand-built tracks; expected points worked out by hand.
#include "unit/pipeline/cleaning/track.hpp"

#include <gtest/gtest.h>

namespace furrow::pipeline::cleaning {
namespace {

using namespace testing;
using S = CleaningSettings;

TEST(CleaningSpeed, range_removes_below_min_and_above_max_and_leaves_missing_speeds) {
    auto points = straight(6);
    const double speeds[] = {0.4, 0.5, 2, 12, 12.1, schema::missing};
    for (std::size_t i = 0; i < 6; ++i) points[i].speed = speeds[i];
    const auto r = clean_points(track(points), only({&S::speed_range})); // 0.5 .. 12 m/s
    EXPECT_EQ(removed_by_filter(r, "speedRange"), (Indices{0, 4}));
}

// Speeds 1..9 and 30: Q05 = 1.45, Q95 = 20.55, IQR = 7.75 - 3.25 = 4.5, 1.1 IQR = 4.95, so the
// limits are [-3.5, 25.5] (R's quantile type 7 by hand): only the 30 m/s point is out.
TEST(CleaningSpeed, quantile_limits_follow_yieldcleanr) {
    auto points = straight(10);
    for (std::size_t i = 0; i < 9; ++i) points[i].speed = static_cast<double>(i + 1);
    points[9].speed = 30;
    const auto r = clean_points(track(points), only({&S::speed_quantile}));
    EXPECT_EQ(removed_by_filter(r, "speedQuantile"), (Indices{9}));
}

// 1 Hz: 2 -> 9 m/s is +7 m/s2 (> 5); the next point is compared with the last kept one (2 m/s): 0.
TEST(CleaningSpeed, change_removes_a_spike_but_not_the_point_after_it) {
    auto points = straight(7);
    points[3].speed = 9;
    const auto r = clean_points(track(points), only({&S::speed_change}));
    EXPECT_EQ(removed_by_filter(r, "speedChange"), (Indices{3}));
}

// 9 -> 0.5 m/s in 1 s is -8.5 m/s2, past the 8 m/s2 deceleration limit; 8 m/s2 exactly is allowed.
TEST(CleaningSpeed, change_removes_an_abrupt_drop) {
    auto points = straight(7, 0, 0, 0, 9);
    points[3].speed = 0.5;
    points[5].speed = 1; // -8 m/s2 from point 4: at the limit, kept
    points[6].speed = 1;
    const auto r = clean_points(track(points), only({&S::speed_change}));
    EXPECT_EQ(removed_by_filter(r, "speedChange"), (Indices{3}));
}

// North for 10 s, a U-turn of 30 deg/s (headings 30..180 at points 10..15), south afterwards.
// Window 4 s: rate(i) = |h(i+2) - h(i-2)| / 4. Point 8: (30 - 0)/4 = 7.5 (kept, < 8); point 9:
// 60/4 = 15; ... point 15: (180 - 120)/4 = 15; point 16: (180 - 150)/4 = 7.5 (kept).
std::vector<TrackPoint> u_turn() {
    auto points = straight(26);
    for (std::size_t i = 10; i < 26; ++i) points[i].heading = std::min(180.0, 30.0 * static_cast<double>(i - 9));
    return points;
}

TEST(CleaningTurns, headland_turn_removes_points_turning_faster_than_the_limit) {
    const auto r = clean_points(track(u_turn()), only({&S::headland_turn}));
    EXPECT_EQ(removed_by_filter(r, "headlandTurn"), (Indices{9, 10, 11, 12, 13, 14, 15}));
}

// The turn splits the track into two passes (0..8 and 16..25): 4 s trimmed at each start, 2 s at
// each end.
TEST(CleaningPasses, a_turn_ends_a_pass_and_starts_the_next) {
    const auto start = clean_points(track(u_turn()), only({&S::pass_start}));
    EXPECT_EQ(removed_by_filter(start, "passStart"), (Indices{0, 1, 2, 3, 16, 17, 18, 19}));
    const auto end = clean_points(track(u_turn()), only({&S::pass_end}));
    EXPECT_EQ(removed_by_filter(end, "passEnd"), (Indices{7, 8, 24, 25}));
}

// Passes also break at a pause longer than 5 s (10 s here) and where the recording status changes.
TEST(CleaningPasses, gaps_and_status_changes_end_a_pass) {
    auto points = straight(8);
    const auto later = straight(8, 0, 40, 17);
    points.insert(points.end(), later.begin(), later.end()); // points 8..15, 10 s after point 7
    for (std::size_t i = 12; i < 16; ++i) points[i].status = 0; // a third run: 12..15, header up
    auto s = only({&S::pass_start, &S::pass_end});
    s.pass_start_s = 2;
    s.pass_end_s = 1;
    const auto r = clean_points(track(points), s);
    EXPECT_EQ(removed_by_filter(r, "passStart"), (Indices{0, 1, 8, 9, 12, 13}));
    EXPECT_EQ(removed_by_filter(r, "passEnd"), (Indices{7, 11, 15}));
}

TEST(CleaningPasses, start_delay_counts_seconds_not_points) {
    auto points = straight(6);
    for (std::size_t i = 0; i < 6; ++i) points[i].t = 0.5 * static_cast<double>(i); // 2 Hz
    auto s = only({&S::pass_start});
    s.pass_start_s = 1.2; // t = 0, 0.5, 1.0 are within 1.2 s of the start
    const auto r = clean_points(track(points), s);
    EXPECT_EQ(removed_by_filter(r, "passStart"), (Indices{0, 1, 2}));
}

} // namespace
} // namespace furrow::pipeline::cleaning
