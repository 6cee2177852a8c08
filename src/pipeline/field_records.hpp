#pragma once
// Field records made from a checked geometry, for the API (POST/PUT of a field) and the boundary
// upload job alike.
#include "core/time.hpp"
#include "fields/boundary_geometry.hpp"
#include "store/records.hpp"

namespace furrow::pipeline {

// A new ACTIVE boundary record for the field (not stored): a new id, the GeoJSON and geodesic area.
store::FieldBoundary new_boundary(const store::Field& field, const fields::MultiPolygon& shape, TimeMs now);

} // namespace furrow::pipeline
