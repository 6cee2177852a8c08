// geo::coverage (a raster) against an exact union computed here with GEOS (buffered runs, round
// joins, unary union) and against areas worked out by hand; GEOS also checks the outline is valid.
#include "geo/coverage.hpp"
#include "geo/swath_raster.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace furrow::geo {
namespace {

constexpr double metres_per_deg_lat = 6371008.8 * M_PI / 180;

// lon/lat of a point x metres east and y metres north of (8, 52) (a sphere: a plane this small).
PassPoint at(double x, double y, double width, bool working = true, bool new_pass = false) {
    return {8.0 + x / (metres_per_deg_lat * std::cos(52 * M_PI / 180)), 52.0 + y / metres_per_deg_lat, width,
            working, new_pass};
}

struct Geos {
    GEOSContextHandle_t h = GEOS_init_r();
    ~Geos() { GEOS_finish_r(h); }
};

// Serpentine harvest: 6 north-south passes 200 m long, 2 m steps, 10 m wide (one pass 8 m), 9 m
// apart (1 m overlap), jittered by up to 0.3 m, joined by working headland turns.
std::vector<std::pair<XY, double>> serpentine() {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> jitter(-0.3, 0.3);
    std::vector<std::pair<XY, double>> path;
    for (int pass = 0; pass < 6; ++pass) {
        const double width = pass == 3 ? 8 : 10;
        for (int step = 0; step <= 100; ++step) {
            const double y = pass % 2 == 0 ? step * 2.0 : 200 - step * 2.0;
            path.push_back({{pass * 9.0 + jitter(rng), y + jitter(rng)}, width});
        }
        for (int t = 1; t < 8 && pass < 5; ++t) { // half circle of radius 4.5 m to the next pass
            const double a = M_PI * t / 8;
            const double cy = pass % 2 == 0 ? 200 + 4.5 * std::sin(a) : -4.5 * std::sin(a);
            path.push_back({{pass * 9.0 + 4.5 - 4.5 * std::cos(a), cy}, 10});
        }
    }
    return path;
}

// Exact union area in the plane, like the coverage contract: each segment takes its end point's
// width; consecutive segments of one width are one line buffered with flat caps and round joins.
double exact_union_area(const std::vector<std::pair<XY, double>>& path) {
    Geos g;
    std::vector<GEOSGeometry*> bands;
    std::size_t start = 0;
    auto flush = [&](std::size_t end) { // segments start+1 .. end
        if (end <= start) return;
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h, static_cast<unsigned>(end - start + 1), 2);
        for (std::size_t i = start; i <= end; ++i)
            GEOSCoordSeq_setXY_r(g.h, seq, static_cast<unsigned>(i - start), path[i].first.x, path[i].first.y);
        GEOSGeometry* line = GEOSGeom_createLineString_r(g.h, seq);
        bands.push_back(GEOSBufferWithStyle_r(g.h, line, path[end].second / 2, 16, GEOSBUF_CAP_FLAT,
                                              GEOSBUF_JOIN_ROUND, 5));
        GEOSGeom_destroy_r(g.h, line);
    };
    for (std::size_t i = 2; i < path.size(); ++i)
        if (path[i].second != path[i - 1].second) {
            flush(i - 1);
            start = i - 1;
        }
    flush(path.size() - 1);
    GEOSGeometry* all = GEOSGeom_createCollection_r(g.h, GEOS_GEOMETRYCOLLECTION, bands.data(),
                                                    static_cast<unsigned>(bands.size()));
    GEOSGeometry* merged = GEOSUnaryUnion_r(g.h, all);
    double area = 0;
    GEOSArea_r(g.h, merged, &area);
    GEOSGeom_destroy_r(g.h, merged);
    GEOSGeom_destroy_r(g.h, all);
    return area;
}

GEOSGeometry* ring_of(const Geos& g, const Ring& ring) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h, static_cast<unsigned>(ring.size()), 2);
    for (std::size_t i = 0; i < ring.size(); ++i)
        GEOSCoordSeq_setXY_r(g.h, seq, static_cast<unsigned>(i), ring[i].first, ring[i].second);
    return GEOSGeom_createLinearRing_r(g.h, seq);
}

bool valid_multipolygon(const std::vector<Polygon>& polygons) {
    Geos g;
    std::vector<GEOSGeometry*> parts;
    for (const auto& p : polygons) {
        std::vector<GEOSGeometry*> holes;
        for (const auto& h : p.holes) holes.push_back(ring_of(g, h));
        parts.push_back(GEOSGeom_createPolygon_r(g.h, ring_of(g, p.outer), holes.data(),
                                                 static_cast<unsigned>(holes.size())));
    }
    GEOSGeometry* multi =
        GEOSGeom_createCollection_r(g.h, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size()));
    const bool valid = GEOSisValid_r(g.h, multi) == 1;
    GEOSGeom_destroy_r(g.h, multi);
    return valid;
}

} // namespace

// Two parallel 100 m passes, 10 m wide, 6 m apart: 100 x 16 = 1600 m² by hand.
TEST(CoverageExact, parallel_overlapping_passes) {
    std::vector<PassPoint> points;
    for (int i = 0; i <= 50; ++i) points.push_back(at(0, i * 2.0, 10, true, i == 0));
    for (int i = 0; i <= 50; ++i) points.push_back(at(6, 100 - i * 2.0, 10, true, i == 0));
    const auto covered = coverage(points);
    EXPECT_NEAR(area_m2(covered), 1600, 1600 * 0.005);
    EXPECT_TRUE(valid_multipolygon(covered));
}

TEST(CoverageExact, serpentine_matches_geos_union) {
    const auto path = serpentine();
    std::vector<PassPoint> points;
    for (const auto& [xy, width] : path) points.push_back(at(xy.x, xy.y, width));
    const auto covered = coverage(points);
    const double exact = exact_union_area(path);
    EXPECT_GT(exact, 6 * 200 * 8.0); // sanity of the reference itself
    EXPECT_NEAR(area_m2(covered), exact, exact * 0.01);
    EXPECT_TRUE(valid_multipolygon(covered));
}

// Two 0.5 m wide, 100 m passes 70 km apart: the rows coarsen to bound memory (2^18 rows at most),
// the area stays 2 x 50 m².
TEST(CoverageExact, far_apart_passes_stay_bounded_and_accurate) {
    std::vector<PassPoint> points;
    for (int i = 0; i <= 50; ++i) points.push_back(at(0, i * 2.0, 0.5, true, i == 0));
    for (int i = 0; i <= 50; ++i) points.push_back(at(0, 70'000 + i * 2.0, 0.5, true, i == 0));
    const auto covered = coverage(points);
    EXPECT_EQ(covered.size(), 2u);
    EXPECT_NEAR(area_m2(covered), 100, 100 * 0.01);
}

} // namespace furrow::geo
