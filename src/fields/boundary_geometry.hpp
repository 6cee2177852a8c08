#pragma once
// Field boundaries as values: GeoJSON (Multi)Polygon in, checked ring by ring, and out again.
// Coordinates are WGS84 lon/lat degrees; areas are geodesic (Karney, via geo/geodesic.hpp).
#include "geo/geodesic.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace furrow::fields {

struct Polygon {
    std::vector<geo::Ring> rings; // rings[0] is the outer ring, the rest are holes; every ring closed
};
using MultiPolygon = std::vector<Polygon>;

struct BBox {
    double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
    bool contains(double lon, double lat) const {
        return lon >= min_lon && lon <= max_lon && lat >= min_lat && lat <= max_lat;
    }
};

// Geodesic sanity limits of a boundary (docs/API.md "Fields"). A field is a few km across at most; these
// are generous, and exist because GEOS works in planar lon/lat while areas and matching are geodesic:
// a ring around the whole world is valid to GEOS but has no meaningful geodesic area (issue #16).
inline constexpr std::size_t max_boundary_positions = 20'000; // all rings together; bounds memory per field
inline constexpr double max_ring_lon_span = 180;              // degrees: at most a hemisphere ...
inline constexpr double max_ring_lat_span = 90;               // ... in each direction
inline constexpr double min_polygon_area_m2 = 1;              // below this a polygon counts as zero area

// A GeoJSON MultiPolygon (what Leaf requires) or Polygon (taken as a MultiPolygon of one). Throws
// Error(invalid_input, "geometry", ...) naming the first problem and where it is: wrong type, empty
// or non-numeric coordinates, a ring with fewer than 4 positions or not closed, a position out of
// range, more than max_boundary_positions, an edge crossing the antimeridian (a jump of more than
// 180° of longitude: split such a field at ±180°), a ring spanning more than a hemisphere, what GEOS
// finds invalid ("self-intersection at (lon lat)"), or a polygon whose geodesic area is below 1 m².
MultiPolygon parse_boundary(const nlohmann::json& geometry);

// {"type": "MultiPolygon", "coordinates": ...}
nlohmann::json to_geojson(const MultiPolygon& shape);

// Sum over polygons of |outer| - sum |holes| on the WGS84 ellipsoid.
double geodesic_area_m2(const MultiPolygon& shape);

// Smallest lon/lat box around every ring (all zero for an empty shape).
BBox bbox(const MultiPolygon& shape);
BBox bbox(const geo::Ring& ring);

} // namespace furrow::fields
