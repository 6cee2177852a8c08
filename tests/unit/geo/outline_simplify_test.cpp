// geo::simplify_outline on traced-looking outlines made here: staircases of raster rows around a
// disc, a comb of pass ends and pinholes. Areas are checked against the shoelace area of the
// input, distances by brute force, validity by GEOS.
#include "geo/geos_context.hpp"
#include "geo/outline_simplify.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::geo {
namespace {

using detail::PlanePolygon;

// The outline a raster of rows `row` high traces around the region where inside(x, y) for the row
// centres: per row one interval [left(y), right(y)], the staircase counter-clockwise.
std::vector<XY> staircase(double y0, double y1, double row, double (*left)(double), double (*right)(double)) {
    std::vector<XY> up, down;
    for (double y = y0; y < y1 - 1e-9; y += row) {
        const double c = y + row / 2;
        up.push_back({right(c), y});
        up.push_back({right(c), y + row});
        down.push_back({left(c), y});
        down.push_back({left(c), y + row});
    }
    std::vector<XY> ring(up.begin(), up.end());
    ring.insert(ring.end(), down.rbegin(), down.rend());
    return ring;
}

double disc_left(double y) { return -std::sqrt(std::max(0.0, 100 * 100 - y * y)); }
double disc_right(double y) { return std::sqrt(std::max(0.0, 100 * 100 - y * y)); }

bool geos_valid(const std::vector<PlanePolygon>& polygons) {
    const Geos geos;
    std::string wkt = "MULTIPOLYGON(";
    for (std::size_t p = 0; p < polygons.size(); ++p) {
        wkt += p ? ",(" : "(";
        auto ring_text = [&](const std::vector<XY>& ring) {
            std::string t = "(";
            for (const auto& v : ring) t += fmt::format("{} {},", v.x, v.y);
            return t + fmt::format("{} {})", ring[0].x, ring[0].y);
        };
        wkt += ring_text(polygons[p].outer);
        for (const auto& h : polygons[p].holes) wkt += "," + ring_text(h);
        wkt += ")";
    }
    wkt += ")";
    GEOSWKTReader* reader = GEOSWKTReader_create_r(geos.handle());
    const auto g = geos.own(GEOSWKTReader_read_r(geos.handle(), reader, wkt.c_str()), "read");
    GEOSWKTReader_destroy_r(geos.handle(), reader);
    return GEOSisValid_r(geos.handle(), g.get()) == 1;
}

double distance_to_ring(XY p, const std::vector<XY>& ring) {
    double best = INFINITY;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const XY a = ring[j], b = ring[i];
        const double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
        const double t = l2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / l2, 0.0, 1.0) : 0;
        best = std::min(best, std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy));
    }
    return best;
}

} // namespace

TEST(OutlineSimplify, a_staircase_disc_keeps_its_area_and_shape_within_the_tolerance) {
    const std::vector<PlanePolygon> outline = {{staircase(-100, 100, 0.5, disc_left, disc_right), {}}};
    const double area = planar_area(outline);
    ASSERT_NEAR(area, M_PI * 100 * 100, 0.01 * M_PI * 100 * 100); // the staircase is a disc
    const auto simplified = simplify_outline(outline, 0.5, 100000);
    EXPECT_EQ(simplified.tolerance_m, 0.5); // the budget did not force a coarser tolerance
    EXPECT_LT(vertex_count(simplified.polygons), vertex_count(outline) / 4);
    EXPECT_NEAR(planar_area(simplified.polygons), area, 1e-4 * area);
    for (const auto& v : simplified.polygons.at(0).outer) EXPECT_LE(distance_to_ring(v, outline[0].outer), 0.5 + 0.05);
    EXPECT_TRUE(geos_valid(simplified.polygons));
}

TEST(OutlineSimplify, the_vertex_budget_coarsens_the_tolerance_and_the_area_stays) {
    const std::vector<PlanePolygon> outline = {{staircase(-100, 100, 0.25, disc_left, disc_right), {}}};
    const double area = planar_area(outline);
    const auto simplified = simplify_outline(outline, 0.25, 40);
    EXPECT_LE(vertex_count(simplified.polygons), 40u);
    EXPECT_GT(simplified.tolerance_m, 0.25);
    EXPECT_NEAR(planar_area(simplified.polygons), area, 0.005 * area);
    EXPECT_TRUE(geos_valid(simplified.polygons));
}

// Pass ends: a 200 m x 100 m block whose top edge is a comb of 50 teeth 2 m wide and 1.5 m deep
// (every other pass stopped short). Douglas-Peucker at 2 m cuts every tooth; the offset gives the
// area back, so the block does not shrink by the teeth.
TEST(OutlineSimplify, cut_pass_ends_are_given_back_by_the_offset) {
    std::vector<XY> comb = {{0, 0}, {200, 0}};
    for (int tooth = 49; tooth >= 0; --tooth) {
        const double x = tooth * 4.0;
        comb.push_back({x + 4, 100});
        comb.push_back({x + 2, 100});
        comb.push_back({x + 2, 101.5});
        comb.push_back({x, 101.5});
    }
    const std::vector<PlanePolygon> outline = {{comb, {}}};
    const double area = planar_area(outline);
    ASSERT_NEAR(area, 200 * 100 + 50 * 2 * 1.5, 1e-9);
    const auto simplified = simplify_outline(outline, 2, 100000);
    EXPECT_LT(vertex_count(simplified.polygons), 10u);
    EXPECT_NEAR(planar_area(simplified.polygons), area, 1e-3 * area);
    EXPECT_TRUE(geos_valid(simplified.polygons));
}

// Holes below the tolerance's square are closed, larger ones kept (clockwise); islands likewise,
// but the largest polygon always stays.
TEST(OutlineSimplify, pinholes_close_and_real_holes_stay) {
    const std::vector<XY> square = {{0, 0}, {100, 0}, {100, 100}, {0, 100}};
    const std::vector<XY> pinhole = {{10, 10}, {10, 10.5}, {10.5, 10.5}, {10.5, 10}};      // clockwise, 0.25 m2
    const std::vector<XY> pond = {{40, 40}, {40, 60}, {60, 60}, {60, 40}};                // clockwise, 400 m2
    const std::vector<XY> speck = {{200, 200}, {200.5, 200}, {200.5, 200.5}, {200, 200.5}}; // 0.25 m2 island
    const std::vector<PlanePolygon> outline = {{square, {pinhole, pond}}, {speck, {}}};
    const auto simplified = simplify_outline(outline, 1, 1000);
    ASSERT_EQ(simplified.polygons.size(), 1u);
    ASSERT_EQ(simplified.polygons[0].holes.size(), 1u);
    EXPECT_NEAR(planar_area(simplified.polygons), planar_area(outline), 1e-6 * planar_area(outline));
    EXPECT_TRUE(geos_valid(simplified.polygons));

    const std::vector<PlanePolygon> only_speck = {{speck, {}}};
    EXPECT_EQ(simplify_outline(only_speck, 1, 1000).polygons.size(), 1u);
}

} // namespace furrow::geo
