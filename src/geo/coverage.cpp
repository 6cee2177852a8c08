#include "geo/coverage.hpp"

#include "core/error.hpp"

#include <geos_c.h>

#include <cmath>
#include <functional>
#include <memory>

namespace furrow::geo {
namespace {

constexpr double earth_radius = 6371008.8;
constexpr double deg = M_PI / 180;

// Local plane around the data's centre: metres east/north. Over a field (a few km) the error of
// this projection is far below the 1 % the area is checked to; the final area is geodesic anyway.
struct LocalPlane {
    double lon0, lat0, cos_lat0;
    std::pair<double, double> forward(double lon, double lat) const {
        return {(lon - lon0) * deg * earth_radius * cos_lat0, (lat - lat0) * deg * earth_radius};
    }
    std::pair<double, double> inverse(double x, double y) const {
        return {lon0 + x / (earth_radius * cos_lat0) / deg, lat0 + y / earth_radius / deg};
    }
};

struct Geos {
    GEOSContextHandle_t h = GEOS_init_r();
    ~Geos() { GEOS_finish_r(h); }
};

using GeomPtr = std::unique_ptr<GEOSGeometry, std::function<void(GEOSGeometry*)>>;

GeomPtr own(const Geos& g, GEOSGeometry* geom) {
    if (geom == nullptr) throw Error(ErrorCode::internal, "geo: GEOS operation failed");
    return GeomPtr(geom, [h = g.h](GEOSGeometry* p) { GEOSGeom_destroy_r(h, p); });
}

// One run of consecutive working segments of equal width, buffered with flat ends.
GeomPtr buffered_run(const Geos& g, const LocalPlane& plane, const std::vector<PassPoint>& pts, std::size_t from,
                     std::size_t to, double width) {
    const auto n = static_cast<unsigned>(to - from);
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h, n, 2);
    for (unsigned i = 0; i < n; ++i) {
        const auto [x, y] = plane.forward(pts[from + i].lon, pts[from + i].lat);
        GEOSCoordSeq_setXY_r(g.h, seq, i, x, y);
    }
    auto line = own(g, GEOSGeom_createLineString_r(g.h, seq));
    // Simplifying first keeps the buffer fast on 10^5-10^6 points; a tenth of the width moves no
    // edge by more than that.
    auto simple = own(g, GEOSSimplify_r(g.h, line.get(), width / 10));
    return own(g, GEOSBufferWithStyle_r(g.h, simple.get(), width / 2, 2, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_ROUND, 5.0));
}

Ring read_ring(const Geos& g, const LocalPlane& plane, const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(g.h, ring);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(g.h, seq, &size);
    Ring out;
    out.reserve(size);
    for (unsigned i = 0; i < size; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(g.h, seq, i, &x, &y);
        out.push_back(plane.inverse(x, y));
    }
    return out;
}

void collect_polygons(const Geos& g, const LocalPlane& plane, const GEOSGeometry* geom, std::vector<Polygon>& out) {
    const int type = GEOSGeomTypeId_r(g.h, geom);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(g.h, geom)) return;
        Polygon p;
        p.outer = read_ring(g, plane, GEOSGetExteriorRing_r(g.h, geom));
        const int holes = GEOSGetNumInteriorRings_r(g.h, geom);
        for (int i = 0; i < holes; ++i) p.holes.push_back(read_ring(g, plane, GEOSGetInteriorRingN_r(g.h, geom, i)));
        out.push_back(std::move(p));
        return;
    }
    const int parts = GEOSGetNumGeometries_r(g.h, geom);
    for (int i = 0; i < parts && type != GEOS_POINT && type != GEOS_LINESTRING; ++i)
        collect_polygons(g, plane, GEOSGetGeometryN_r(g.h, geom, i), out);
}

} // namespace

std::vector<Polygon> coverage(const std::vector<PassPoint>& points) {
    if (points.size() < 2) return {};
    double lon_sum = 0, lat_sum = 0;
    for (const auto& p : points) {
        lon_sum += p.lon;
        lat_sum += p.lat;
    }
    const double lat0 = lat_sum / static_cast<double>(points.size());
    const LocalPlane plane{lon_sum / static_cast<double>(points.size()), lat0, std::cos(lat0 * deg)};
    Geos g;
    std::vector<GeomPtr> bands;
    std::size_t run_start = 0; // first point of the open run; run_start == run_end: no open run
    std::size_t run_end = 0;
    double run_width = 0;
    auto close_run = [&] {
        if (run_end > run_start) bands.push_back(buffered_run(g, plane, points, run_start, run_end + 1, run_width));
        run_start = run_end = 0;
    };
    for (std::size_t i = 1; i < points.size(); ++i) {
        const auto& p = points[i];
        const bool segment = p.working && p.width_m > 0 && !p.new_pass;
        if (!segment) {
            close_run();
            continue;
        }
        // Long runs are cut (sharing their end point): a pass that doubles back on itself makes
        // one buffer slow, while the cascaded union below handles overlaps between pieces well.
        constexpr std::size_t max_run_segments = 256;
        if (run_end > run_start && run_end == i - 1 && p.width_m == run_width && i - run_start <= max_run_segments) {
            run_end = i;
            continue;
        }
        close_run();
        run_start = i - 1;
        run_end = i;
        run_width = p.width_m;
    }
    close_run();
    if (bands.empty()) return {};
    std::vector<GEOSGeometry*> parts;
    for (auto& b : bands) parts.push_back(b.release());
    auto all = own(g, GEOSGeom_createCollection_r(g.h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                   static_cast<unsigned>(parts.size())));
    auto merged = own(g, GEOSUnaryUnion_r(g.h, all.get()));
    std::vector<Polygon> out;
    collect_polygons(g, plane, merged.get(), out);
    return out;
}

double area_m2(const std::vector<Polygon>& polygons) {
    double total = 0;
    for (const auto& p : polygons) total += polygon_area_m2(p.outer, p.holes);
    return total;
}

} // namespace furrow::geo
