#include "fields/boundary_geometry.hpp"

#include "core/error.hpp"
#include "fields/geos_shapes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace furrow::fields {
namespace {

[[noreturn]] void fail(const std::string& message) {
    throw Error(ErrorCode::invalid_input, "geometry", "geometry: " + message);
}

// "polygon 1 ring 0 position 3": where in the coordinates a problem is.
struct Place {
    std::size_t polygon = 0, ring = 0, position = 0;
    std::string ring_text() const { return fmt::format("ring {} of polygon {}", ring, polygon); }
    std::string position_text() const {
        return fmt::format("polygon {} ring {} position {}", polygon, ring, position);
    }
};

std::pair<double, double> parse_position(const nlohmann::json& position, const Place& place) {
    // GeoJSON allows an altitude (and more); only lon and lat are kept.
    if (!position.is_array() || position.size() < 2 || !position[0].is_number() || !position[1].is_number())
        fail(fmt::format("position must be [longitude, latitude] numbers at {}", place.position_text()));
    const double lon = position[0].get<double>(), lat = position[1].get<double>();
    if (!std::isfinite(lon) || lon < -180 || lon > 180)
        fail(fmt::format("longitude {} out of range [-180, 180] at {}", lon, place.position_text()));
    if (!std::isfinite(lat) || lat < -90 || lat > 90)
        fail(fmt::format("latitude {} out of range [-90, 90] at {}", lat, place.position_text()));
    return {lon, lat};
}

// Rules GEOS cannot see, because it reads lon/lat as a plane (see max_ring_lon_span).
void check_geodesic_extent(const geo::Ring& ring, const Place& place) {
    // An edge from -180 to 180 stays on the antimeridian itself (the world rectangle's); the span rule below
    // answers those rings.
    const auto on_antimeridian = [](double lon) { return std::fabs(lon) == 180; };
    for (std::size_t position_idx = 1; position_idx < ring.size(); ++position_idx)
        if (std::fabs(ring[position_idx].first - ring[position_idx - 1].first) > 180 &&
            !(on_antimeridian(ring[position_idx].first) && on_antimeridian(ring[position_idx - 1].first)))
            fail(fmt::format("{} crosses the antimeridian between positions {} and {}; split it into two polygons "
                             "at longitude ±180",
                             place.ring_text(), position_idx - 1, position_idx));
    const auto box = bbox(ring);
    const double lon_span = box.max_lon - box.min_lon, lat_span = box.max_lat - box.min_lat;
    if (lon_span > max_ring_lon_span || lat_span > max_ring_lat_span)
        fail(fmt::format("{} spans {}° of longitude and {}° of latitude; a ring may span at most {}° × {}° (a "
                         "hemisphere)",
                         place.ring_text(), lon_span, lat_span, max_ring_lon_span, max_ring_lat_span));
}

geo::Ring parse_ring(const nlohmann::json& ring, Place place, std::size_t& positions_seen) {
    if (!ring.is_array()) fail(fmt::format("{} must be an array of positions", place.ring_text()));
    positions_seen += ring.size();
    if (positions_seen > max_boundary_positions)
        fail(fmt::format("more than {} positions (reached at {}); simplify the boundary", max_boundary_positions,
                         place.ring_text()));
    if (ring.size() < 4)
        fail(fmt::format("{} has {} positions; a ring needs at least 4 (first and last the same)", place.ring_text(),
                         ring.size()));
    geo::Ring out;
    out.reserve(ring.size());
    for (const auto& position : ring) {
        out.push_back(parse_position(position, place));
        ++place.position;
    }
    if (out.front() != out.back())
        fail(fmt::format("{} is not closed: its last position differs from its first", place.ring_text()));
    place.position = 0;
    check_geodesic_extent(out, place);
    return out;
}

Polygon parse_polygon(const nlohmann::json& polygon, std::size_t polygon_idx, std::size_t& positions_seen) {
    if (!polygon.is_array() || polygon.empty())
        fail(fmt::format("polygon {} must be a non-empty array of rings", polygon_idx));
    Polygon out;
    for (std::size_t ring_idx = 0; ring_idx < polygon.size(); ++ring_idx)
        out.rings.push_back(parse_ring(polygon[ring_idx], Place{polygon_idx, ring_idx, 0}, positions_seen));
    return out;
}

void check_areas(const MultiPolygon& shape) {
    for (std::size_t polygon_idx = 0; polygon_idx < shape.size(); ++polygon_idx) {
        const auto& rings = shape[polygon_idx].rings;
        const double area = geo::polygon_area_m2(rings.front(), std::vector<geo::Ring>(rings.begin() + 1, rings.end()));
        if (!(area >= min_polygon_area_m2))
            fail(fmt::format("polygon {} has a geodesic area of {:.3g} m²; at least {} m² is required (zero-area or "
                             "degenerate polygon)",
                             polygon_idx, area, min_polygon_area_m2));
    }
}

} // namespace

MultiPolygon parse_boundary(const nlohmann::json& geometry) {
    if (!geometry.is_object()) fail("must be a GeoJSON MultiPolygon object");
    const auto type = geometry.find("type");
    if (type == geometry.end() || !type->is_string() ||
        (*type != "MultiPolygon" && *type != "Polygon"))
        fail("geometry.type must be MultiPolygon");
    const auto coordinates = geometry.find("coordinates");
    if (coordinates == geometry.end() || !coordinates->is_array()) fail("geometry.coordinates must be an array");
    if (coordinates->empty()) fail("geometry.coordinates is empty");
    MultiPolygon shape;
    std::size_t positions_seen = 0;
    if (*type == "Polygon") {
        shape.push_back(parse_polygon(*coordinates, 0, positions_seen));
    } else {
        for (std::size_t polygon_idx = 0; polygon_idx < coordinates->size(); ++polygon_idx)
            shape.push_back(parse_polygon((*coordinates)[polygon_idx], polygon_idx, positions_seen));
    }
    if (const auto reason = invalid_reason(shape)) fail(*reason);
    check_areas(shape);
    return shape;
}

nlohmann::json to_geojson(const MultiPolygon& shape) {
    nlohmann::json polygons = nlohmann::json::array();
    for (const auto& polygon : shape) {
        nlohmann::json rings = nlohmann::json::array();
        for (const auto& ring : polygon.rings) {
            nlohmann::json positions = nlohmann::json::array();
            for (const auto& [lon, lat] : ring) positions.push_back({lon, lat});
            rings.push_back(std::move(positions));
        }
        polygons.push_back(std::move(rings));
    }
    return {{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}};
}

double geodesic_area_m2(const MultiPolygon& shape) {
    double area = 0;
    for (const auto& polygon : shape) {
        if (polygon.rings.empty()) continue;
        const std::vector<geo::Ring> holes(polygon.rings.begin() + 1, polygon.rings.end());
        area += geo::polygon_area_m2(polygon.rings.front(), holes);
    }
    return area;
}

BBox bbox(const geo::Ring& ring) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    BBox box{inf, inf, -inf, -inf};
    for (const auto& [lon, lat] : ring) {
        box.min_lon = std::min(box.min_lon, lon);
        box.min_lat = std::min(box.min_lat, lat);
        box.max_lon = std::max(box.max_lon, lon);
        box.max_lat = std::max(box.max_lat, lat);
    }
    return ring.empty() ? BBox{} : box;
}

BBox bbox(const MultiPolygon& shape) {
    bool first = true;
    BBox box;
    for (const auto& polygon : shape)
        for (const auto& ring : polygon.rings) {
            if (ring.empty()) continue;
            const BBox b = bbox(ring);
            if (first) box = b;
            box = {std::min(box.min_lon, b.min_lon), std::min(box.min_lat, b.min_lat),
                   std::max(box.max_lon, b.max_lon), std::max(box.max_lat, b.max_lat)};
            first = false;
        }
    return box;
}

} // namespace furrow::fields
