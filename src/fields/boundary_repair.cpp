#include "fields/boundary_repair.hpp"

#include "fields/boundary_geometry.hpp"
#include "fields/geos_shapes.hpp"

#include <cmath>

namespace furrow::fields {
namespace {

// The ring's positions without repeats, closed; nullopt when a position is not two finite numbers.
std::optional<geo::Ring> cleaned_ring(const nlohmann::json& ring) {
    if (!ring.is_array()) return std::nullopt;
    geo::Ring out;
    for (const auto& position : ring) {
        if (!position.is_array() || position.size() < 2 || !position[0].is_number() || !position[1].is_number())
            return std::nullopt;
        const std::pair<double, double> point{position[0].get<double>(), position[1].get<double>()};
        if (!std::isfinite(point.first) || !std::isfinite(point.second)) return std::nullopt;
        if (out.empty() || out.back() != point) out.push_back(point);
    }
    if (!out.empty() && out.front() != out.back()) out.push_back(out.front());
    return out;
}

// A polygon's rings, cleaned; a hole that collapses is dropped, a shell that does drops the polygon.
bool add_polygon(const nlohmann::json& rings, MultiPolygon& shape) {
    if (!rings.is_array() || rings.empty()) return false;
    Polygon polygon;
    for (std::size_t ring_idx = 0; ring_idx < rings.size(); ++ring_idx) {
        auto cleaned = cleaned_ring(rings[ring_idx]);
        if (!cleaned) return false;
        if (cleaned->size() < 4) { // fewer than three distinct positions: no area
            if (ring_idx == 0) return true;
            continue;
        }
        polygon.rings.push_back(std::move(*cleaned));
    }
    shape.push_back(std::move(polygon));
    return true;
}

} // namespace

std::optional<nlohmann::json> repair_boundary(const nlohmann::json& geometry) {
    if (!geometry.is_object()) return std::nullopt;
    const auto type = geometry.find("type");
    const auto coordinates = geometry.find("coordinates");
    if (type == geometry.end() || coordinates == geometry.end() || !coordinates->is_array()) return std::nullopt;
    MultiPolygon shape;
    if (*type == "Polygon") {
        if (!add_polygon(*coordinates, shape)) return std::nullopt;
    } else if (*type == "MultiPolygon") {
        for (const auto& polygon : *coordinates)
            if (!add_polygon(polygon, shape)) return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (shape.empty()) return std::nullopt;
    auto valid = make_valid(shape);
    if (valid.empty()) return std::nullopt;
    return to_geojson(valid);
}

} // namespace furrow::fields
