#include "outputs/raster/colour_ramp.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::outputs::raster {
namespace {

TEST(RasterRamp, colours_at_stops_and_between_them_by_hand) {
    EXPECT_EQ(ramp_colour(0), (Rgba{200, 0, 0, 255}));
    EXPECT_EQ(ramp_colour(0.55), (Rgba{255, 240, 0, 255}));
    EXPECT_EQ(ramp_colour(1), (Rgba{0, 130, 0, 255}));
    // 10 %: 2/7 of the way from [200,0,0] to [255,40,0] = 215.71, 11.43.
    EXPECT_EQ(ramp_colour(0.10), (Rgba{216, 11, 0, 255}));
    // 70 %: half way from [0,230,0] to [0,190,0].
    EXPECT_EQ(ramp_colour(0.70), (Rgba{0, 210, 0, 255}));
    // Outside 0..1 is clamped.
    EXPECT_EQ(ramp_colour(-0.5), ramp_colour(0));
    EXPECT_EQ(ramp_colour(7), ramp_colour(1));
}

TEST(RasterRamp, ramp_json_is_leafs_fixed_ramp) {
    const auto expected = nlohmann::json::parse(R"({"0%":[200,0,0],"35%":[255,40,0],"45%":[255,150,0],
        "55%":[255,240,0],"65%":[0,230,0],"75%":[0,190,0],"100%":[0,130,0],"nv":[0,0,0,0]})");
    EXPECT_EQ(ramp_json(), expected);
}

TEST(RasterRamp, quantile_breaks_interpolate_between_order_statistics) {
    // 0, 10, ..., 100 (n = 11): quantile p at position 10p, i.e. 100p; NaN is ignored.
    std::vector<double> values = {100, 50, NAN, 0, 10, 20, 30, 40, 60, 70, 80, 90};
    const auto breaks = quantile_breaks(values);
    for (int k = 0; k <= 7; ++k) EXPECT_NEAR(breaks[k], 100.0 * k / 7, 1e-12) << k;
    // Two values: positions k/7 between them.
    const auto two = quantile_breaks({2, 9});
    EXPECT_DOUBLE_EQ(two[1], 3);
    EXPECT_DOUBLE_EQ(two[7], 9);
}

TEST(RasterRamp, classes_are_half_open_with_the_max_in_the_last) {
    const std::array<double, 8> breaks = {0, 1, 2, 3, 4, 5, 6, 7};
    EXPECT_EQ(quantile_class(breaks, 0), 0);
    EXPECT_EQ(quantile_class(breaks, 0.99), 0);
    EXPECT_EQ(quantile_class(breaks, 1), 1);
    EXPECT_EQ(quantile_class(breaks, 6.5), 6);
    EXPECT_EQ(quantile_class(breaks, 7), 6);
    // Equal breaks (many equal values) leave classes empty rather than misplace a value.
    const std::array<double, 8> ties = {1, 1, 1, 1, 2, 2, 3, 4};
    EXPECT_EQ(quantile_class(ties, 1), 3);
    EXPECT_EQ(quantile_class(ties, 2), 5);
}

TEST(RasterRamp, legend_lists_seven_ranges_with_the_stop_colours) {
    const auto legend = legend_json({0, 1, 2, 3, 4, 5, 6, 7});
    ASSERT_EQ(legend["ranges"].size(), 7u);
    EXPECT_EQ(legend["ranges"][0], nlohmann::json::parse(R"({"colorCode":"#C80000","min":0.0,"max":1.0})"));
    EXPECT_EQ(legend["ranges"][3]["colorCode"], "#FFF000");
    EXPECT_EQ(legend["ranges"][6]["colorCode"], "#008200");
}

} // namespace
} // namespace furrow::outputs::raster
