#pragma once
// Exact point-in-polygon for many polygons: each polygon's edges (all rings) are bucketed into
// horizontal bands of its bounding box, so a test looks only at the few edges whose latitude range
// holds the point. The test is GEOS's ray-crossing rule (RayCrossingCounter) with GEOS's robust
// orientation for near-collinear cases, so it answers exactly as GEOS covers() does: points on an
// edge or vertex are inside, holes are outside.
#include "fields/boundary_geometry.hpp"

#include <cstdint>
#include <vector>

namespace furrow::fields::detail {

class PolygonBands {
public:
    // Adds a polygon (rings closed, rings[0] outer); returns its index, counting from 0.
    std::uint32_t add(const Polygon& polygon);
    // True when (x, y) is inside polygon `part` or on its boundary.
    bool covers(std::uint32_t part, double x, double y) const;
    const BBox& box(std::uint32_t part) const { return m_parts[part].box; }
    std::size_t size() const { return m_parts.size(); }

private:
    struct Edge {
        double x1, y1, x2, y2;
    };
    struct Part {
        BBox box;
        double bands_per_degree; // band of y = (y - box.min_lat) * bands_per_degree, clamped
        std::uint32_t bands;
        std::uint32_t first_start; // m_band_starts[first_start + b] .. [first_start + b + 1]: band b's edges
    };
    std::uint32_t band_of(const Part& part, double y) const;

    std::vector<Part> m_parts;
    std::vector<std::uint32_t> m_band_starts;
    std::vector<Edge> m_edges;
};

// Orientation of p relative to the line a->b: 1 left, -1 right, 0 on it; exact (GEOS's DD arithmetic
// when doubles cannot decide).
int orientation(double ax, double ay, double bx, double by, double px, double py);

} // namespace furrow::fields::detail
