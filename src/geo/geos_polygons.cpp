#include "geo/geos_polygons.hpp"

#include "geo/geos_context.hpp"

#include <algorithm>

namespace furrow::geo::detail {
namespace {

using Ring = std::vector<XY>; // not closed

GEOSGeometry* geos_ring(const Geos& geos, const Ring& ring) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos.handle(), static_cast<unsigned>(ring.size() + 1), 2);
    if (seq == nullptr) geos.fail("coordinate sequence");
    for (std::size_t k = 0; k <= ring.size(); ++k) {
        const XY& p = ring[k % ring.size()]; // closed: the first vertex again
        GEOSCoordSeq_setXY_r(geos.handle(), seq, static_cast<unsigned>(k), p.x, p.y);
    }
    GEOSGeometry* out = GEOSGeom_createLinearRing_r(geos.handle(), seq);
    if (out == nullptr) geos.fail("linear ring");
    return out;
}

Geos::Ptr to_geos(const Geos& geos, const std::vector<PlanePolygon>& polygons) {
    std::vector<GEOSGeometry*> parts;
    for (const auto& p : polygons) {
        std::vector<GEOSGeometry*> holes;
        for (const auto& h : p.holes) holes.push_back(geos_ring(geos, h));
        parts.push_back(GEOSGeom_createPolygon_r(geos.handle(), geos_ring(geos, p.outer), holes.data(),
                                                 static_cast<unsigned>(holes.size())));
        if (parts.back() == nullptr) geos.fail("polygon");
    }
    return geos.own(GEOSGeom_createCollection_r(geos.handle(), GEOS_MULTIPOLYGON, parts.data(),
                                                static_cast<unsigned>(parts.size())),
                    "multipolygon");
}

// A GEOS ring as ours: not closed, oriented so that the covered side is on the left.
Ring from_geos(const Geos& geos, const GEOSGeometry* ring, bool shell) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos.handle(), ring);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(geos.handle(), seq, &size);
    Ring out(size > 0 ? size - 1 : 0);
    for (unsigned k = 0; k + 1 < size; ++k) GEOSCoordSeq_getXY_r(geos.handle(), seq, k, &out[k].x, &out[k].y);
    if ((signed_area(out) > 0) != shell) std::reverse(out.begin(), out.end());
    return out;
}

void collect(const Geos& geos, const GEOSGeometry* g, std::vector<PlanePolygon>& out) {
    const int type = GEOSGeomTypeId_r(geos.handle(), g);
    if (type == GEOS_POLYGON && GEOSisEmpty_r(geos.handle(), g) == 0) {
        PlanePolygon p{from_geos(geos, GEOSGetExteriorRing_r(geos.handle(), g), true), {}};
        for (int k = 0; k < GEOSGetNumInteriorRings_r(geos.handle(), g); ++k)
            p.holes.push_back(from_geos(geos, GEOSGetInteriorRingN_r(geos.handle(), g, k), false));
        out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int k = 0; k < GEOSGetNumGeometries_r(geos.handle(), g); ++k)
            collect(geos, GEOSGetGeometryN_r(geos.handle(), g, k), out); // lines and points are dropped
    }
}

Geos::Ptr made_valid(const Geos& geos, Geos::Ptr g) {
    const char valid = GEOSisValid_r(geos.handle(), g.get());
    if (valid == 2) geos.fail("validity check");
    if (valid == 1) return g;
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(geos.handle());
    GEOSMakeValidParams_setMethod_r(geos.handle(), params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(geos.handle(), params, 0);
    GEOSGeometry* fixed = GEOSMakeValidWithParams_r(geos.handle(), g.get(), params);
    GEOSMakeValidParams_destroy_r(geos.handle(), params);
    return geos.own(fixed, "make valid");
}

std::vector<PlanePolygon> polygons_of(const Geos& geos, const GEOSGeometry* g) {
    std::vector<PlanePolygon> out;
    collect(geos, g, out);
    return out;
}

} // namespace

double signed_area(const Ring& ring) {
    double twice = 0;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        twice += ring[j].x * ring[i].y - ring[i].x * ring[j].y;
    return twice / 2;
}

void make_valid(std::vector<PlanePolygon>& polygons) {
    if (polygons.empty()) return;
    const Geos geos;
    auto g = to_geos(geos, polygons);
    const GEOSGeometry* before = g.get();
    const auto valid = made_valid(geos, std::move(g));
    if (valid.get() != before) polygons = polygons_of(geos, valid.get());
}

void snap_to_grid(std::vector<PlanePolygon>& polygons, double grid) {
    if (polygons.empty()) return;
    const Geos geos;
    const auto g = to_geos(geos, polygons);
    auto snapped = geos.own(GEOSGeom_setPrecision_r(geos.handle(), g.get(), grid, 0), "set precision");
    const auto valid = made_valid(geos, std::move(snapped));
    polygons = polygons_of(geos, valid.get());
}

} // namespace furrow::geo::detail
