// FieldIndex against GEOS: for random fields (irregular polygons, holes, multipolygons, overlaps)
// and points (random, on vertices, on edges, on hole boundaries), locate() must give the first field
// whose GEOS geometry covers the point, computed here with GEOSPreparedCovers.
#include "fields/field_index.hpp"
#include "fields/polygon_bands.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace furrow::fields {
namespace {

struct Geos {
    GEOSContextHandle_t h = GEOS_init_r();
    ~Geos() { GEOS_finish_r(h); }
};

GEOSGeometry* ring(const Geos& g, const geo::Ring& r) {
    auto* seq = GEOSCoordSeq_create_r(g.h, static_cast<unsigned>(r.size()), 2);
    for (unsigned i = 0; i < r.size(); ++i) GEOSCoordSeq_setXY_r(g.h, seq, i, r[i].first, r[i].second);
    return GEOSGeom_createLinearRing_r(g.h, seq);
}

GEOSGeometry* geos_shape(const Geos& g, const MultiPolygon& shape) {
    std::vector<GEOSGeometry*> polygons;
    for (const auto& p : shape) {
        std::vector<GEOSGeometry*> holes;
        for (std::size_t i = 1; i < p.rings.size(); ++i) holes.push_back(ring(g, p.rings[i]));
        polygons.push_back(GEOSGeom_createPolygon_r(g.h, ring(g, p.rings[0]), holes.data(),
                                                    static_cast<unsigned>(holes.size())));
    }
    return GEOSGeom_createCollection_r(g.h, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size()));
}

// A star-shaped ring around (cx, cy): `vertices` points at random radii between r/2 and r, counter-
// clockwise (or clockwise for holes), closed. Some vertices are snapped to share x or y with the
// previous one, so axis-parallel edges (horizontal edges are a special case of the crossing rule) appear.
geo::Ring star(std::mt19937& rng, double cx, double cy, double r, int vertices, bool clockwise) {
    std::uniform_real_distribution<double> radius(r / 2, r), coin(0, 1);
    geo::Ring out;
    for (int v = 0; v < vertices; ++v) {
        const double a = 2 * M_PI * v / vertices * (clockwise ? -1 : 1);
        const double rr = radius(rng);
        std::pair<double, double> p{cx + rr * std::cos(a), cy + rr * std::sin(a)};
        if (!out.empty() && coin(rng) < 0.15) p.second = out.back().second; // horizontal edge
        out.push_back(p);
    }
    out.push_back(out.front());
    return out;
}

struct Case {
    std::vector<IndexedField> fields;
    std::vector<std::pair<double, double>> points;
};

// Fields on a jittered 6x6 grid near (0, 0) (cells 0.01° apart; neighbours overlap sometimes),
// every third with a hole, every fifth with a small second polygon clear of its first (a valid
// MultiPolygon: GEOS counts crossings over all its rings together, so overlapping parts would differ).
Case make_case(unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> jitter(-0.002, 0.002);
    Case c;
    for (int gx = 0; gx < 6; ++gx)
        for (int gy = 0; gy < 6; ++gy) {
            const double cx = -0.03 + gx * 0.01 + jitter(rng), cy = -0.03 + gy * 0.01 + jitter(rng);
            Polygon p;
            p.rings.push_back(star(rng, cx, cy, 0.006, 40, false));
            const int n = static_cast<int>(c.fields.size());
            if (n % 3 == 0) p.rings.push_back(star(rng, cx, cy, 0.002, 12, true));
            MultiPolygon shape{p};
            if (n % 5 == 0) shape.push_back({{star(rng, cx + 0.0068, cy + 0.0068, 0.0004, 8, false)}});
            c.fields.push_back({"f" + std::to_string(n), shape});
        }
    std::uniform_real_distribution<double> anywhere(-0.04, 0.03), t(0, 1);
    for (int i = 0; i < 20000; ++i) c.points.push_back({anywhere(rng), anywhere(rng)});
    for (const auto& f : c.fields)
        for (const auto& p : f.shape)
            for (const auto& r : p.rings)
                for (std::size_t v = 1; v < r.size(); ++v) {
                    c.points.push_back(r[v]); // a vertex
                    const double s = t(rng);  // a point on the edge, as near as doubles get
                    c.points.push_back({r[v - 1].first + s * (r[v].first - r[v - 1].first),
                                        r[v - 1].second + s * (r[v].second - r[v - 1].second)});
                    c.points.push_back({(r[v - 1].first + r[v].first) / 2, r[v].second}); // level with a vertex
                }
    return c;
}

class FieldsIndex : public ::testing::TestWithParam<unsigned> {};

TEST_P(FieldsIndex, agrees_with_geos_covers) {
    const Case c = make_case(GetParam());
    const Geos g;
    std::vector<GEOSGeometry*> shapes;
    std::vector<const GEOSPreparedGeometry*> prepared;
    for (const auto& f : c.fields) {
        shapes.push_back(geos_shape(g, f.shape));
        prepared.push_back(GEOSPrepare_r(g.h, shapes.back()));
    }
    const FieldIndex index(c.fields);
    schema::PointTable table;
    std::size_t inside = 0, mismatches = 0;
    for (const auto& [x, y] : c.points) {
        table.add_point(x, y, 0);
        int expected = -1;
        GEOSGeometry* point = GEOSGeom_createPointFromXY_r(g.h, x, y);
        for (std::size_t f = 0; f < prepared.size() && expected < 0; ++f)
            if (GEOSPreparedCovers_r(g.h, prepared[f], point) == 1) expected = static_cast<int>(f);
        GEOSGeom_destroy_r(g.h, point);
        const int got = index.locate(x, y);
        if (got != expected && ++mismatches < 10)
            ADD_FAILURE() << std::setprecision(17) << "(" << x << ", " << y << "): index " << got << ", GEOS " << expected;
        inside += expected >= 0;
    }
    EXPECT_EQ(mismatches, 0u);
    // The case is not trivial: many points inside, many outside.
    EXPECT_GT(inside, c.points.size() / 4);
    EXPECT_LT(inside, c.points.size() * 9 / 10);
    std::vector<int> one_by_one;
    for (const auto& [x, y] : c.points) one_by_one.push_back(index.locate(x, y));
    EXPECT_EQ(index.locate_all(table), one_by_one);
    for (auto* p : prepared) GEOSPreparedGeom_destroy_r(g.h, p);
    for (auto* s : shapes) GEOSGeom_destroy_r(g.h, s);
}

INSTANTIATE_TEST_SUITE_P(Seeds, FieldsIndex, ::testing::Values(1u, 2u, 3u));

TEST(FieldsIndexEdges, first_field_wins_and_nothing_is_outside) {
    const Polygon unit{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}};
    const Polygon inner{{{{0.25, 0.25}, {0.75, 0.25}, {0.75, 0.75}, {0.25, 0.75}, {0.25, 0.25}}}};
    const FieldIndex index({{"small", {inner}}, {"big", {unit}}});
    EXPECT_EQ(index.locate(0.5, 0.5), 0);   // both cover it: the first listed
    EXPECT_EQ(index.locate(0.1, 0.5), 1);
    EXPECT_EQ(index.locate(1, 1), 1);       // a corner
    EXPECT_EQ(index.locate(0.5, 0), 1);     // on the bottom edge
    EXPECT_EQ(index.locate(1.0000001, 0.5), -1);
    EXPECT_EQ(index.locate(std::nan(""), 0.5), -1);
    EXPECT_EQ(index.locate(0.5, INFINITY), -1);
    EXPECT_EQ(index.fields()[1].field_id, "big");
    const FieldIndex none({});
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(none.locate(0, 0), -1);
}

TEST(FieldsIndexEdges, orientation_matches_geos_near_collinear) {
    const Geos g;
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(-1, 1), s(0, 1);
    for (int i = 0; i < 20000; ++i) {
        const double ax = u(rng), ay = u(rng), bx = u(rng), by = u(rng), t = s(rng);
        const double px = ax + t * (bx - ax), py = ay + t * (by - ay); // on the line, up to rounding
        EXPECT_EQ(detail::orientation(ax, ay, bx, by, px, py), GEOSOrientationIndex_r(g.h, ax, ay, bx, by, px, py));
        EXPECT_EQ(detail::orientation(ax, ay, bx, by, px + 1e-3, py), GEOSOrientationIndex_r(g.h, ax, ay, bx, by, px + 1e-3, py));
    }
}

} // namespace
} // namespace furrow::fields

namespace furrow::fields {
namespace {

// 900 small square fields on a 30x30 grid make a grid of well over 2^16 cells, so locate_all
// takes its tile-sorted path (several tiles, points in random order); it must answer exactly what
// locate() answers for each point, NaN and out-of-extent points included.
TEST(FieldsIndexEdges, tile_sorted_locate_all_equals_locate) {
    std::vector<IndexedField> fields;
    for (int row = 0; row < 30; ++row)
        for (int col = 0; col < 30; ++col) {
            const double x = col * 0.01, y = row * 0.01, s = 0.007;
            fields.push_back({std::to_string(row * 30 + col), {Polygon{{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}}}});
        }
    const FieldIndex index(std::move(fields));
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> coord(-0.02, 0.32);
    schema::PointTable points;
    for (int i = 0; i < 200'000; ++i) points.add_point(coord(rng), coord(rng), i);
    points.add_point(std::nan(""), 0.1, 0);
    points.add_point(5, 5, 0);
    const auto all = index.locate_all(points);
    ASSERT_EQ(all.size(), points.size());
    std::size_t inside = 0, mismatches = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const int one = index.locate(points.lon()[i], points.lat()[i]);
        mismatches += one != all[i];
        inside += one >= 0;
    }
    EXPECT_EQ(mismatches, 0u);
    EXPECT_GT(inside, 50'000u); // the test reaches the fields at all (~42 % of the area is field)
    EXPECT_EQ(all[points.size() - 2], -1);
    EXPECT_EQ(all[points.size() - 1], -1);
}

} // namespace
} // namespace furrow::fields
