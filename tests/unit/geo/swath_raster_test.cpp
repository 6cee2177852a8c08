// The raster and its outline against hand-computed areas. Row heights are chosen so that some
// edges fall between row centres, which is where a raster errs.
#include "geo/raster_outline.hpp"
#include "geo/swath_raster.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::geo {
namespace {

std::vector<XY> rectangle(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

double shoelace(const std::vector<XY>& ring) {
    double twice = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const XY &a = ring[i], &b = ring[(i + 1) % ring.size()];
        twice += a.x * b.y - b.x * a.y;
    }
    return twice / 2;
}

double polygons_area(const std::vector<detail::PlanePolygon>& polygons) {
    double total = 0;
    for (const auto& p : polygons) {
        total += shoelace(p.outer);
        for (const auto& h : p.holes) total += shoelace(h); // clockwise: negative
    }
    return total;
}

} // namespace

// Two 100 x 10 m rectangles overlapping by 4 m: 100 x 16 = 1600 m².
TEST(SwathRaster, overlapping_rectangles_count_once) {
    SwathRaster r(-1, 0.3, 400);
    r.add_convex(rectangle(0, 0, 100, 10));
    r.add_convex(rectangle(0, 6, 100, 16));
    r.finish();
    // rows of 0.3 m: the edges at y = 0 and 16 fall 1/3 and 2/3 into a row: 16 m -> 53 or 54 rows
    EXPECT_NEAR(r.planar_area(), 1600, 100 * 0.3);
    EXPECT_EQ(r.row(10).size(), 1u);
}

// A 45° band, 10 m wide and 100 m long: 1000 m²; slanted edges are exact under the midpoint rule,
// only the four corners err.
TEST(SwathRaster, slanted_band_is_nearly_exact) {
    const double s = std::sqrt(0.5);
    SwathRaster r(-20, 0.37, 300);
    r.add_convex({{0, 0}, {100 * s, 100 * s}, {100 * s - 10 * s, 100 * s + 10 * s}, {-10 * s, 10 * s}});
    r.finish();
    EXPECT_NEAR(r.planar_area(), 1000, 1000 * 0.002);
}

// A cross: 2 x (100 x 10) - 10 x 10 = 1900 m², exact: no edge lies between row centres.
TEST(SwathRaster, crossing_bands_count_the_centre_once) {
    SwathRaster cross(-50, 0.5, 200);
    cross.add_convex(rectangle(-50, -5, 50, 5));
    cross.add_convex(rectangle(-5, -50, 5, 50));
    cross.finish();
    EXPECT_NEAR(cross.planar_area(), 1900, 1e-9);
    EXPECT_TRUE(cross.covers(0, 40));
    EXPECT_FALSE(cross.covers(10, 10));
}

// A square ring (30 x 30 with a 10 x 10 hole) and a separate square: two polygons, one hole,
// areas 800 and 25 by hand; shells counter-clockwise, holes clockwise.
TEST(RasterOutline, shells_holes_and_separate_parts) {
    SwathRaster r(0, 1, 40);
    r.add_convex(rectangle(0, 0, 30, 10));
    r.add_convex(rectangle(0, 20, 30, 30));
    r.add_convex(rectangle(0, 0, 10, 30));
    r.add_convex(rectangle(20, 0, 30, 30));
    r.add_convex(rectangle(40, 32, 45, 37));
    r.finish();
    const auto polygons = detail::outline(r);
    ASSERT_EQ(polygons.size(), 2u);
    const auto& ring = polygons[0].holes.empty() ? polygons[1] : polygons[0];
    const auto& square = polygons[0].holes.empty() ? polygons[0] : polygons[1];
    ASSERT_EQ(ring.holes.size(), 1u);
    EXPECT_DOUBLE_EQ(shoelace(ring.outer), 900);
    EXPECT_DOUBLE_EQ(shoelace(ring.holes[0]), -100);
    EXPECT_EQ(ring.outer.size(), 4u); // collinear vertices dropped
    EXPECT_DOUBLE_EQ(shoelace(square.outer), 25);
    EXPECT_DOUBLE_EQ(polygons_area(polygons), r.planar_area());
}

// Cells touching only at a corner are separate polygons (each ring passes the corner once).
TEST(RasterOutline, corner_touching_cells_are_separate) {
    SwathRaster r(0, 1, 2);
    r.add_convex(rectangle(0, 0, 1, 1));
    r.add_convex(rectangle(1, 1, 2, 2));
    r.finish();
    const auto polygons = detail::outline(r);
    ASSERT_EQ(polygons.size(), 2u);
    for (const auto& p : polygons) {
        EXPECT_EQ(p.outer.size(), 4u);
        EXPECT_DOUBLE_EQ(shoelace(p.outer), 1);
    }
}

TEST(RasterOutline, empty_raster_has_no_polygons) {
    SwathRaster r(0, 1, 3);
    r.finish();
    EXPECT_TRUE(detail::outline(r).empty());
}

} // namespace furrow::geo
