// parse_boundary's checks (each message names the problem and its place), GeoJSON round trip and
// geodesic areas against GeographicLib's value for a 1°x1° cell (pyproj.Geod(ellps="WGS84")).
#include "core/error.hpp"
#include "fields/boundary_geometry.hpp"
#include "fields/geos_shapes.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::fields {
namespace {

using nlohmann::json;

json square(double x0, double y0, double side) {
    return json::array({json::array({x0, y0}), json::array({x0 + side, y0}), json::array({x0 + side, y0 + side}),
                        json::array({x0, y0 + side}), json::array({x0, y0})});
}

json multi(json polygons) { return {{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}}; }

// The message of the Error parse_boundary throws (fails the test if it does not throw).
std::string error_of(const json& geometry) {
    try {
        parse_boundary(geometry);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_input);
        EXPECT_EQ(e.parameter(), "geometry");
        return e.what();
    }
    ADD_FAILURE() << "accepted " << geometry.dump();
    return {};
}

TEST(FieldsBoundaryGeometry, accepts_multipolygon_with_hole_and_polygon) {
    const auto shape = parse_boundary(multi({json::array({square(0, 0, 1), square(0.25, 0.25, 0.5)}),
                                             json::array({square(2, 0, 1)})}));
    ASSERT_EQ(shape.size(), 2u);
    EXPECT_EQ(shape[0].rings.size(), 2u);
    EXPECT_EQ(shape[0].rings[1][2], std::make_pair(0.75, 0.75));
    const auto polygon = parse_boundary({{"type", "Polygon"}, {"coordinates", json::array({square(5, 5, 1)})}});
    ASSERT_EQ(polygon.size(), 1u);
    EXPECT_EQ(to_geojson(polygon), multi(json::array({json::array({square(5, 5, 1)})})));
}

TEST(FieldsBoundaryGeometry, names_each_problem) {
    EXPECT_EQ(error_of({{"type", "Point"}, {"coordinates", {1, 2}}}), "geometry: geometry.type must be MultiPolygon");
    EXPECT_EQ(error_of(json::array()), "geometry: must be a GeoJSON MultiPolygon object");
    EXPECT_EQ(error_of(multi(json::array())), "geometry: geometry.coordinates is empty");
    EXPECT_EQ(error_of({{"type", "MultiPolygon"}}), "geometry: geometry.coordinates must be an array");
    EXPECT_EQ(error_of(multi({json::array()})), "geometry: polygon 0 must be a non-empty array of rings");

    auto open_ring = square(0, 0, 1);
    open_ring[4] = {0, 0.5};
    EXPECT_EQ(error_of(multi({json::array({square(5, 5, 1)}), json::array({open_ring})})),
              "geometry: ring 0 of polygon 1 is not closed: its last position differs from its first");

    const json three = json::array({json::array({0, 0}), json::array({1, 0}), json::array({0, 0})});
    EXPECT_EQ(error_of(multi({json::array({three})})),
              "geometry: ring 0 of polygon 0 has 3 positions; a ring needs at least 4 (first and last the same)");

    auto far = square(0, 0, 1);
    far[3] = {200, 1};
    EXPECT_EQ(error_of(multi({json::array({far})})),
              "geometry: longitude 200 out of range [-180, 180] at polygon 0 ring 0 position 3");
    auto north = square(0, 0, 1);
    north[2] = {1, 91.5};
    EXPECT_EQ(error_of(multi({json::array({north})})),
              "geometry: latitude 91.5 out of range [-90, 90] at polygon 0 ring 0 position 2");
    auto text = square(0, 0, 1);
    text[1] = {"1", 0};
    EXPECT_EQ(error_of(multi({json::array({text})})),
              "geometry: position must be [longitude, latitude] numbers at polygon 0 ring 0 position 1");
}

TEST(FieldsBoundaryGeometry, geos_finds_self_intersection_with_its_place) {
    // A bow tie: the edges (0,0)-(2,2) and (2,0)-(0,2) cross at (1, 1).
    const json bow = json::array({json::array({0, 0}), json::array({2, 2}), json::array({2, 0}),
                                  json::array({0, 2}), json::array({0, 0})});
    EXPECT_EQ(error_of(multi({json::array({bow})})), "geometry: self-intersection at (1 1)");
    // Two polygons of one MultiPolygon overlapping.
    EXPECT_NE(error_of(multi({json::array({square(0, 0, 2)}), json::array({square(1, 1, 2)})})).find(" at ("),
              std::string::npos);
    // A hole outside its shell.
    EXPECT_NE(error_of(multi({json::array({square(0, 0, 1), square(3, 3, 1)})})).find("hole"), std::string::npos);
}

TEST(FieldsBoundaryGeometry, geodesic_area_of_one_degree_cell_at_equator) {
    // GeographicLib (pyproj.Geod(ellps="WGS84").polygon_area_perimeter) gives 12 308 778 361.469 m².
    const auto cell = parse_boundary(multi({json::array({square(0, 0, 1)})}));
    EXPECT_NEAR(geodesic_area_m2(cell), 12'308'778'361.469, 0.01);
    // A hole of half a degree square: the ring areas subtract; a second polygon (a cell from 1.5° to
    // 2.5° north: 12 301 935 572.122 m² by pyproj) adds.
    const auto holed = parse_boundary(
        multi({json::array({square(0, 0, 1), square(0.25, 0.25, 0.5)}), json::array({square(0, 1.5, 1)})}));
    const double hole = geo::polygon_area_m2({{0.25, 0.25}, {0.75, 0.25}, {0.75, 0.75}, {0.25, 0.75}}, {});
    EXPECT_NEAR(geodesic_area_m2(holed), 12'308'778'361.469 - hole + 12'301'935'572.122, 0.05);
    // By hand: 0.5° of latitude (55.3 km) times 0.5° of longitude at the equator (55.66 km) = 3.08e9 m².
    EXPECT_NEAR(hole, 3.08e9, 0.02e9);
}

TEST(FieldsBoundaryGeometry, bbox_and_overlap) {
    const auto a = parse_boundary(multi({json::array({square(0, 0, 1)})}));
    const auto b = parse_boundary(multi({json::array({square(0.5, 0, 1)})}));
    const BBox box = bbox(b);
    EXPECT_EQ(box.min_lon, 0.5);
    EXPECT_EQ(box.max_lon, 1.5);
    EXPECT_EQ(box.max_lat, 1);
    // The overlap is the cell [0.5, 1] x [0, 1]: 6 154 271 254.521 m² by pyproj (not half the whole
    // cell: its top edge is a shorter geodesic, which bulges north less).
    EXPECT_NEAR(overlap_area_m2(a, b), 6'154'271'254.521, 0.05);
    EXPECT_EQ(overlap_area_m2(a, parse_boundary(multi({json::array({square(3, 3, 1)})}))), 0);
}

} // namespace
} // namespace furrow::fields

namespace furrow::fields {
namespace {

json ring_of(std::initializer_list<std::pair<double, double>> positions) {
    json ring = json::array();
    for (const auto& [lon, lat] : positions) ring.push_back(json::array({lon, lat}));
    return ring;
}

} // namespace

// Issue #16: [-180,-90]..[180,90] is a valid rectangle to GEOS, but on the ellipsoid it is degenerate.
TEST(FieldsBoundaryGeometry, refuses_a_ring_around_the_world_naming_the_hemisphere_rule) {
    const auto world = ring_of({{-180, -90}, {180, -90}, {180, 90}, {-180, 90}, {-180, -90}});
    const auto why = error_of(multi(json::array({json::array({world})})));
    EXPECT_NE(why.find("ring 0 of polygon 0 spans 360° of longitude and 180° of latitude"), std::string::npos) << why;
    EXPECT_NE(why.find("a hemisphere"), std::string::npos) << why;
    // Just within a hemisphere in both directions is accepted, and its geodesic area is positive.
    const auto big = parse_boundary(multi(json::array({json::array({square(0, 0, 89)})})));
    EXPECT_GT(geodesic_area_m2(big), 0);
}

TEST(FieldsBoundaryGeometry, refuses_a_ring_crossing_the_antimeridian) {
    const auto crossing = ring_of({{179.9, 10}, {-179.9, 10}, {-179.9, 10.1}, {179.9, 10.1}, {179.9, 10}});
    const auto why = error_of(multi(json::array({json::array({crossing})})));
    EXPECT_NE(why.find("crosses the antimeridian between positions 0 and 1"), std::string::npos) << why;
}

TEST(FieldsBoundaryGeometry, refuses_a_polygon_of_zero_geodesic_area) {
    // A triangle a few millimetres across: valid to GEOS, 1e-5 m² on the ellipsoid.
    const auto tiny = ring_of({{10, 50}, {10.00000005, 50}, {10, 50.00000005}, {10, 50}});
    const auto why = error_of(multi(json::array({json::array({tiny})})));
    EXPECT_NE(why.find("polygon 0 has a geodesic area of"), std::string::npos) << why;
    EXPECT_NE(why.find("at least 1 m² is required"), std::string::npos) << why;
}

TEST(FieldsBoundaryGeometry, refuses_more_positions_than_the_limit) {
    json ring = json::array();
    // A circle of max_boundary_positions + 1 distinct positions plus the closing one.
    const std::size_t n = max_boundary_positions + 1;
    for (std::size_t position_idx = 0; position_idx <= n; ++position_idx) {
        const double angle = 2 * M_PI * static_cast<double>(position_idx % n) / static_cast<double>(n);
        ring.push_back(json::array({10 + 0.01 * std::cos(angle), 50 + 0.01 * std::sin(angle)}));
    }
    const auto why = error_of(multi(json::array({json::array({ring})})));
    EXPECT_NE(why.find("more than 20000 positions"), std::string::npos) << why;
}

} // namespace furrow::fields
