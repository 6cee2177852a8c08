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

GEOSGeometry* make_line(const Geos& g, const LocalPlane& plane, const std::vector<PassPoint>& pts, std::size_t from,
                        std::size_t to) {
    const auto n = static_cast<unsigned>(to - from);
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h, n == 1 ? 2 : n, 2);
    for (unsigned i = 0; i < n; ++i) {
        const auto [x, y] = plane.forward(pts[from + i].lon, pts[from + i].lat);
        GEOSCoordSeq_setXY_r(g.h, seq, i, x, y);
    }
    if (n == 1) { // a single working point still covers a square-ish patch
        const auto [x, y] = plane.forward(pts[from].lon, pts[from].lat);
        GEOSCoordSeq_setXY_r(g.h, seq, 1, x + 0.01, y);
    }
    return GEOSGeom_createLineString_r(g.h, seq);
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

std::vector<Polygon> coverage(const std::vector<PassPoint>& points, double width_m) {
    if (points.empty() || !(width_m > 0)) return {};
    double lon_sum = 0, lat_sum = 0;
    for (const auto& p : points) {
        lon_sum += p.lon;
        lat_sum += p.lat;
    }
    const double lat0 = lat_sum / static_cast<double>(points.size());
    const LocalPlane plane{lon_sum / static_cast<double>(points.size()), lat0, std::cos(lat0 * deg)};
    Geos g;
    std::vector<GEOSGeometry*> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= points.size(); ++i) {
        const bool ends = i == points.size() || !points[i].working || points[i].new_pass;
        if (!ends) continue;
        if (i > start && points[start].working) lines.push_back(make_line(g, plane, points, start, i));
        start = (i < points.size() && points[i].working) ? i : i + 1;
    }
    if (lines.empty()) return {};
    auto multi = own(g, GEOSGeom_createCollection_r(g.h, GEOS_MULTILINESTRING, lines.data(),
                                                     static_cast<unsigned>(lines.size())));
    // Simplifying the passes first keeps the buffer fast on 10^5-10^6 points; a tenth of the width
    // moves no edge by more than that.
    auto simple = own(g, GEOSSimplify_r(g.h, multi.get(), width_m / 10));
    auto buffered = own(g, GEOSBufferWithStyle_r(g.h, simple.get(), width_m / 2, 2, GEOSBUF_CAP_FLAT,
                                                 GEOSBUF_JOIN_ROUND, 5.0));
    std::vector<Polygon> out;
    collect_polygons(g, plane, buffered.get(), out);
    return out;
}

double area_m2(const std::vector<Polygon>& polygons) {
    double total = 0;
    for (const auto& p : polygons) total += polygon_area_m2(p.outer, p.holes);
    return total;
}

} // namespace furrow::geo
