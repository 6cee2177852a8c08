// Point -> field matching throughput of fields::FieldIndex on one core: FIELDS synthetic fields
// (irregular 40-80 vertex polygons of 40-80 ha on a grid in Iowa, every fourth with a hole) and
// POINTS uniform random points over them. Runs locate_all REPEATS times and prints the best run's
// points/s (wall) and CPU (user, and system: page faults of the result and scratch) time per point,
// then checks a sample against GEOS (STRtree + prepared covers, timed as well) and fails on any
// disagreement.
//   furrow_field_match_bench [FIELDS] [POINTS] [GEOS_SAMPLE] [REPEATS]
#include "fields/field_index.hpp"

#include <geos_c.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

using namespace furrow;

namespace {

constexpr double lon0 = -93.6, lat0 = 42.0, spacing_m = 1100;
constexpr double m_per_deg_lat = 111'045, m_per_deg_lon = 111'045 * 0.7431; // cos 42°

struct CpuSeconds {
    double user, system;
};

CpuSeconds cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return {seconds(usage.ru_utime), seconds(usage.ru_stime)};
}

// A star ring of `vertices` points around (cx, cy) metres, radii 0.75..1 of a radius scaled so the
// ring encloses `area_m2`; clockwise for holes.
geo::Ring star(std::mt19937& rng, double cx, double cy, double area_m2, int vertices, bool clockwise) {
    std::uniform_real_distribution<double> unit(0.75, 1.0);
    std::vector<double> radii(static_cast<std::size_t>(vertices));
    double area = 0; // of the unit-scaled star: sum of triangle areas
    for (auto& r : radii) r = unit(rng);
    for (int v = 0; v < vertices; ++v)
        area += 0.5 * radii[static_cast<std::size_t>(v)] * radii[static_cast<std::size_t>((v + 1) % vertices)] *
                std::sin(2 * M_PI / vertices);
    const double scale = std::sqrt(area_m2 / area);
    geo::Ring ring;
    for (int v = 0; v < vertices; ++v) {
        const double a = 2 * M_PI * v / vertices * (clockwise ? -1 : 1), r = radii[static_cast<std::size_t>(v)] * scale;
        ring.push_back({lon0 + (cx + r * std::cos(a)) / m_per_deg_lon, lat0 + (cy + r * std::sin(a)) / m_per_deg_lat});
    }
    ring.push_back(ring.front());
    return ring;
}

std::vector<fields::IndexedField> make_fields(int count, std::mt19937& rng) {
    const int side = static_cast<int>(std::ceil(std::sqrt(count)));
    std::uniform_real_distribution<double> area(40e4, 80e4);
    std::uniform_int_distribution<int> vertices(40, 80);
    std::vector<fields::IndexedField> out;
    for (int field_idx = 0; field_idx < count; ++field_idx) {
        const double cx = (field_idx % side) * spacing_m, cy = (field_idx / side) * spacing_m;
        fields::Polygon polygon;
        polygon.rings.push_back(star(rng, cx, cy, area(rng), vertices(rng), false));
        if (field_idx % 4 == 0) polygon.rings.push_back(star(rng, cx, cy, 2e4, 16, true)); // a 2 ha pond
        out.push_back({"field-" + std::to_string(field_idx), {polygon}});
    }
    return out;
}

// GEOS reference: STRtree of envelopes, prepared covers on each candidate, first field wins.
struct GeosReference {
    GEOSContextHandle_t h = GEOS_init_r();
    std::vector<GEOSGeometry*> shapes;
    std::vector<const GEOSPreparedGeometry*> prepared;
    GEOSSTRtree* tree = GEOSSTRtree_create_r(h, 10);

    explicit GeosReference(const std::vector<fields::IndexedField>& fields) {
        for (const auto& f : fields) {
            std::vector<GEOSGeometry*> rings;
            for (const auto& r : f.shape[0].rings) {
                auto* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(r.size()), 2);
                for (unsigned i = 0; i < r.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, i, r[i].first, r[i].second);
                rings.push_back(GEOSGeom_createLinearRing_r(h, seq));
            }
            shapes.push_back(GEOSGeom_createPolygon_r(h, rings[0], rings.data() + 1, static_cast<unsigned>(rings.size() - 1)));
            prepared.push_back(GEOSPrepare_r(h, shapes.back()));
            GEOSSTRtree_insert_r(h, tree, shapes.back(), reinterpret_cast<void*>(shapes.size() - 1));
        }
    }
    ~GeosReference() {
        GEOSSTRtree_destroy_r(h, tree);
        for (auto* p : prepared) GEOSPreparedGeom_destroy_r(h, p);
        for (auto* s : shapes) GEOSGeom_destroy_r(h, s);
        GEOS_finish_r(h);
    }
    int locate(double x, double y) {
        GEOSGeometry* point = GEOSGeom_createPointFromXY_r(h, x, y);
        struct Hit {
            GeosReference* self;
            GEOSGeometry* point;
            long best;
        } hit{this, point, -1};
        GEOSSTRtree_query_r(h, tree, point, [](void* item, void* data) {
            auto* hit = static_cast<Hit*>(data);
            const auto idx = reinterpret_cast<long>(item);
            if ((hit->best < 0 || idx < hit->best) && GEOSPreparedCovers_r(hit->self->h, hit->self->prepared[static_cast<std::size_t>(idx)], hit->point) == 1)
                hit->best = idx;
        }, &hit);
        GEOSGeom_destroy_r(h, point);
        return static_cast<int>(hit.best);
    }
};

} // namespace

int main(int argc, char** argv) {
    const int field_count = argc > 1 ? std::atoi(argv[1]) : 10'000;
    const long point_count = argc > 2 ? std::atol(argv[2]) : 10'000'000;
    const long geos_sample = argc > 3 ? std::atol(argv[3]) : 200'000;
    const int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 3;
    std::mt19937 rng(42);
    auto fields_in = make_fields(field_count, rng);
    double area_ha = 0;
    for (const auto& f : fields_in) area_ha += fields::geodesic_area_m2(f.shape) / 1e4;

    const auto build_start = std::chrono::steady_clock::now();
    const fields::FieldIndex index(fields_in);
    const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start).count();

    const int side = static_cast<int>(std::ceil(std::sqrt(field_count)));
    const double extent_m = side * spacing_m;
    std::uniform_real_distribution<double> lon(lon0 - 600 / m_per_deg_lon, lon0 + (extent_m - 600) / m_per_deg_lon);
    std::uniform_real_distribution<double> lat(lat0 - 600 / m_per_deg_lat, lat0 + (extent_m - 600) / m_per_deg_lat);
    schema::PointTable points;
    points.reserve(static_cast<std::size_t>(point_count));
    for (long point_idx = 0; point_idx < point_count; ++point_idx) points.add_point(lon(rng), lat(rng), 0);

    std::vector<int> found;
    double wall_s = 0, user_s = 0, system_s = 0;
    for (int run = 0; run < repeats; ++run) {
        found.clear();
        found.shrink_to_fit(); // each run allocates its result afresh, as callers do
        const CpuSeconds cpu_start = cpu_seconds();
        const auto start = std::chrono::steady_clock::now();
        found = index.locate_all(points);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const CpuSeconds cpu_end = cpu_seconds();
        if (run == 0 || wall < wall_s) wall_s = wall;
        if (run == 0 || cpu_end.user - cpu_start.user < user_s) user_s = cpu_end.user - cpu_start.user;
        if (run == 0 || cpu_end.system - cpu_start.system < system_s) system_s = cpu_end.system - cpu_start.system;
    }
    long inside = 0;
    for (int f : found) inside += f >= 0;

    std::printf("fields %d (mean %.1f ha), index built in %.3f s\n", field_count, area_ha / field_count, build_s);
    std::printf("points %ld, in a field %.1f %%\n", point_count, 100.0 * static_cast<double>(inside) / point_count);
    std::printf("FieldIndex, best of %d: %.3f s wall, %.2f M points/s; CPU per point %.1f ns user (%.2f M points/s), "
                "%.1f ns system\n",
                repeats, wall_s, point_count / wall_s / 1e6, user_s / point_count * 1e9, point_count / user_s / 1e6,
                system_s / point_count * 1e9);

    GeosReference geos(index.fields());
    const long sample = std::min(geos_sample, point_count);
    long mismatches = 0;
    const auto geos_start = std::chrono::steady_clock::now();
    for (long point_idx = 0; point_idx < sample; ++point_idx) {
        const auto i = static_cast<std::size_t>(point_idx);
        if (geos.locate(points.lon()[i], points.lat()[i]) != found[i]) ++mismatches;
    }
    const double geos_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - geos_start).count();
    std::printf("GEOS STRtree + prepared covers on %ld points: %.2f M points/s; %ld disagreements\n", sample,
                sample / geos_s / 1e6, mismatches);
    return mismatches == 0 ? 0 : 1;
}
