// automaticFixBoundary's repair (fields/boundary_repair.hpp): what it repairs passes parse_boundary
// afterwards, what it cannot repair gives nullopt. Areas are checked by hand: the bow-tie's two
// triangles each cover a quarter of the unit square around them.
#include "core/error.hpp"
#include "fields/boundary_geometry.hpp"
#include "fields/boundary_repair.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::fields {
namespace {

nlohmann::json polygon(nlohmann::json ring) { return {{"type", "Polygon"}, {"coordinates", {std::move(ring)}}}; }

double planar_area(const MultiPolygon& shape) { // shoelace over the shells, in square degrees
    double total = 0;
    for (const auto& p : shape) {
        const auto& ring = p.rings.front();
        double twice = 0;
        for (std::size_t i = 0; i + 1 < ring.size(); ++i)
            twice += ring[i].first * ring[i + 1].second - ring[i + 1].first * ring[i].second;
        total += std::abs(twice) / 2;
    }
    return total;
}

TEST(BoundaryRepair, bow_tie_becomes_its_two_triangles) {
    const auto bow_tie = polygon({{10.0, 50.0}, {10.01, 50.01}, {10.01, 50.0}, {10.0, 50.01}, {10.0, 50.0}});
    EXPECT_THROW(parse_boundary(bow_tie), Error);
    const auto repaired = repair_boundary(bow_tie);
    ASSERT_TRUE(repaired);
    const auto shape = parse_boundary(*repaired);
    ASSERT_EQ(shape.size(), 2u);
    EXPECT_NEAR(planar_area(shape), 2 * 0.25 * 0.01 * 0.01, 1e-12); // two triangles of a quarter square each
}

TEST(BoundaryRepair, closes_rings_and_drops_repeated_positions) {
    const auto open_ring = polygon({{10.0, 50.0}, {10.01, 50.0}, {10.01, 50.0}, {10.01, 50.01}, {10.0, 50.01}});
    EXPECT_THROW(parse_boundary(open_ring), Error);
    const auto repaired = repair_boundary(open_ring);
    ASSERT_TRUE(repaired);
    const auto shape = parse_boundary(*repaired);
    ASSERT_EQ(shape.size(), 1u);
    EXPECT_EQ(shape[0].rings[0].size(), 5u); // 4 corners, closed
    EXPECT_NEAR(planar_area(shape), 0.01 * 0.01, 1e-12);
}

TEST(BoundaryRepair, overlapping_polygons_become_their_union) {
    const nlohmann::json two = {
        {"type", "MultiPolygon"},
        {"coordinates",
         {{{{0.0, 0.0}, {0.02, 0.0}, {0.02, 0.01}, {0.0, 0.01}, {0.0, 0.0}}},
          {{{0.01, 0.0}, {0.03, 0.0}, {0.03, 0.01}, {0.01, 0.01}, {0.01, 0.0}}}}}};
    EXPECT_THROW(parse_boundary(two), Error);
    const auto repaired = repair_boundary(two);
    ASSERT_TRUE(repaired);
    const auto shape = parse_boundary(*repaired);
    EXPECT_NEAR(planar_area(shape), 0.03 * 0.01, 1e-12);
}

TEST(BoundaryRepair, leaves_what_it_cannot_repair) {
    EXPECT_FALSE(repair_boundary({{"type", "LineString"}, {"coordinates", {{0.0, 0.0}, {1.0, 1.0}}}}));
    EXPECT_FALSE(repair_boundary(polygon({{0.0, 0.0}, {0.0, 1.0}, {0.0, 0.0}, {0.0, 0.0}}))); // TOO_FEW_POINTS
    EXPECT_FALSE(repair_boundary(polygon({{0.0, 0.0}, {"x", 1.0}, {1.0, 1.0}, {0.0, 0.0}})));
    EXPECT_FALSE(repair_boundary(nlohmann::json::array()));
}

} // namespace
} // namespace furrow::fields
