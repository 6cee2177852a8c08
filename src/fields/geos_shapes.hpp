#pragma once
// The few GEOS operations fields need (validity, intersection), on MultiPolygon values. Each call
// makes its own GEOS context, so any thread may call them.
#include "fields/boundary_geometry.hpp"

#include <optional>
#include <string>

namespace furrow::fields {

// Why GEOS finds the shape invalid, with the place: "self-intersection at (8.5 52.25)"; nullopt
// when it is valid.
std::optional<std::string> invalid_reason(const MultiPolygon& shape);

// GEOS's make-valid of the shape ("structure" method: rings are taken as the edges of areas, so a
// bow-tie becomes two triangles, overlapping polygons become their union and a hole outside its shell
// becomes a polygon of its own); parts that collapse to lines or points are dropped.
MultiPolygon make_valid(const MultiPolygon& shape);

// The overlap of two shapes, computed by GEOS with lon/lat as plane coordinates: an edge is then a
// straight line in degrees rather than a geodesic, which differs by centimetres over a kilometre.
MultiPolygon intersection(const MultiPolygon& a, const MultiPolygon& b);

// Geodesic area of the overlap, in m² (0 when the boxes do not even meet; GEOS is not asked then).
double overlap_area_m2(const MultiPolygon& a, const MultiPolygon& b);

} // namespace furrow::fields
