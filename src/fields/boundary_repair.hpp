#pragma once
// Leaf's automaticFixBoundary for boundaries read from files (docs/API.md "Boundary upload"): what
// can be repaired without guessing is repaired, the rest is left to parse_boundary to refuse.
#include <nlohmann/json.hpp>

#include <optional>

namespace furrow::fields {

// A repaired GeoJSON MultiPolygon for a (Multi)Polygon that parse_boundary refused, or nullopt when
// there is nothing this can repair. Repaired: rings not closed (closed), repeated consecutive
// positions (dropped), and what GEOS finds invalid - self-intersections, overlapping or nested
// polygons, holes outside their shell (fields/geos_shapes.hpp make_valid). Not repaired: another
// geometry type, a position that is not two numbers, a ring of fewer than three distinct positions
// that is the whole of its polygon (nothing is left of it). The result still has to pass
// parse_boundary (ranges, extent, area).
std::optional<nlohmann::json> repair_boundary(const nlohmann::json& geometry);

} // namespace furrow::fields
