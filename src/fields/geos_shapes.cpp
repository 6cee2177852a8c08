#include "fields/geos_shapes.hpp"

#include "core/error.hpp"
#include "geo/geos_context.hpp"

#include <fmt/format.h>

#include <cctype>

namespace furrow::fields {
namespace {

using geo::Geos;

GEOSGeometry* make_ring(const Geos& geos, const geo::Ring& ring) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos.handle(), static_cast<unsigned>(ring.size()), 2);
    if (seq == nullptr) geos.fail("coordinate sequence");
    for (std::size_t vertex_idx = 0; vertex_idx < ring.size(); ++vertex_idx)
        GEOSCoordSeq_setXY_r(geos.handle(), seq, static_cast<unsigned>(vertex_idx), ring[vertex_idx].first,
                             ring[vertex_idx].second);
    GEOSGeometry* out = GEOSGeom_createLinearRing_r(geos.handle(), seq); // takes seq
    if (out == nullptr) geos.fail("linear ring");
    return out;
}

Geos::Ptr to_geos(const Geos& geos, const MultiPolygon& shape) {
    std::vector<GEOSGeometry*> polygons;
    for (const auto& polygon : shape) {
        GEOSGeometry* shell = make_ring(geos, polygon.rings.at(0));
        std::vector<GEOSGeometry*> holes;
        for (std::size_t ring_idx = 1; ring_idx < polygon.rings.size(); ++ring_idx)
            holes.push_back(make_ring(geos, polygon.rings[ring_idx]));
        // Takes ownership of the rings.
        polygons.push_back(GEOSGeom_createPolygon_r(geos.handle(), shell, holes.data(),
                                                    static_cast<unsigned>(holes.size())));
        if (polygons.back() == nullptr) geos.fail("polygon");
    }
    return geos.own(GEOSGeom_createCollection_r(geos.handle(), GEOS_MULTIPOLYGON, polygons.data(),
                                                static_cast<unsigned>(polygons.size())),
                    "multipolygon");
}

geo::Ring ring_of(const Geos& geos, const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos.handle(), ring);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(geos.handle(), seq, &size);
    geo::Ring out(size);
    for (unsigned vertex_idx = 0; vertex_idx < size; ++vertex_idx)
        GEOSCoordSeq_getXY_r(geos.handle(), seq, vertex_idx, &out[vertex_idx].first, &out[vertex_idx].second);
    return out;
}

// Every polygon inside g (a Polygon, MultiPolygon or collection); lines and points are dropped.
void collect_polygons(const Geos& geos, const GEOSGeometry* g, MultiPolygon& out) {
    const int type = GEOSGeomTypeId_r(geos.handle(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(geos.handle(), g) == 1) return;
        Polygon polygon;
        polygon.rings.push_back(ring_of(geos, GEOSGetExteriorRing_r(geos.handle(), g)));
        const int holes = GEOSGetNumInteriorRings_r(geos.handle(), g);
        for (int hole_idx = 0; hole_idx < holes; ++hole_idx)
            polygon.rings.push_back(ring_of(geos, GEOSGetInteriorRingN_r(geos.handle(), g, hole_idx)));
        out.push_back(std::move(polygon));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int parts = GEOSGetNumGeometries_r(geos.handle(), g);
        for (int part_idx = 0; part_idx < parts; ++part_idx)
            collect_polygons(geos, GEOSGetGeometryN_r(geos.handle(), g, part_idx), out);
    }
}

} // namespace

std::optional<std::string> invalid_reason(const MultiPolygon& shape) {
    const Geos geos;
    const auto g = to_geos(geos, shape);
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char valid = GEOSisValidDetail_r(geos.handle(), g.get(), 0, &reason, &location);
    if (valid == 2) geos.fail("validity check");
    if (valid == 1) return std::nullopt;
    std::string text = reason ? reason : "invalid geometry";
    GEOSFree_r(geos.handle(), reason);
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    if (location != nullptr) {
        double x = 0, y = 0;
        GEOSGeomGetX_r(geos.handle(), location, &x);
        GEOSGeomGetY_r(geos.handle(), location, &y);
        GEOSGeom_destroy_r(geos.handle(), location);
        text += fmt::format(" at ({} {})", x, y);
    }
    return text;
}

MultiPolygon make_valid(const MultiPolygon& shape) {
    const Geos geos;
    const auto g = to_geos(geos, shape);
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(geos.handle());
    if (params == nullptr) geos.fail("make-valid parameters");
    GEOSMakeValidParams_setMethod_r(geos.handle(), params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(geos.handle(), params, 0);
    GEOSGeometry* valid = GEOSMakeValidWithParams_r(geos.handle(), g.get(), params);
    GEOSMakeValidParams_destroy_r(geos.handle(), params);
    const auto owned = geos.own(valid, "make-valid");
    MultiPolygon out;
    collect_polygons(geos, owned.get(), out);
    return out;
}

MultiPolygon intersection(const MultiPolygon& a, const MultiPolygon& b) {
    const Geos geos;
    const auto ga = to_geos(geos, a), gb = to_geos(geos, b);
    const auto overlap = geos.own(GEOSIntersection_r(geos.handle(), ga.get(), gb.get()), "intersection");
    MultiPolygon out;
    collect_polygons(geos, overlap.get(), out);
    return out;
}

double overlap_area_m2(const MultiPolygon& a, const MultiPolygon& b) {
    const BBox ba = bbox(a), bb = bbox(b);
    if (a.empty() || b.empty() || ba.max_lon < bb.min_lon || bb.max_lon < ba.min_lon || ba.max_lat < bb.min_lat ||
        bb.max_lat < ba.min_lat)
        return 0;
    return geodesic_area_m2(intersection(a, b));
}

} // namespace furrow::fields
