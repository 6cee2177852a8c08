// Gridding by hand on a 10 x 10 grid of unit cells (x 0..10 east, y 0..10 north; row 0 at the top).
#include "outputs/raster/cell_values.hpp"
#include "outputs/raster/grid.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::outputs::raster {
namespace {

GridSpec unit_grid() {
    GridSpec g;
    g.epsg = 3857;
    g.x0 = 0;
    g.y0 = 10;
    g.cell = 1;
    g.cols = g.rows = 10;
    return g;
}

std::size_t at(int row, int col) { return static_cast<std::size_t>(row) * 10 + col; }

TEST(RasterGrid, east_swath_covers_cells_whose_centres_are_inside) {
    // Centre (5, 5.5), heading east, 6 long, 1 wide: centres x 2.5..7.5 on the row of y 5.5 (row 4).
    const Swath s{5, 5.5, 1, 0, 3, 0.5, 0};
    std::vector<std::size_t> cells;
    for_each_cell(unit_grid(), s, [&](std::size_t c) { cells.push_back(c); });
    std::vector<std::size_t> expected;
    for (int col = 2; col <= 7; ++col) expected.push_back(at(4, col));
    EXPECT_EQ(cells, expected);
}

TEST(RasterGrid, swath_smaller_than_a_cell_paints_its_own_cell) {
    const Swath s{3.2, 8.9, 0, 1, 0.1, 0.1, 0};
    std::vector<std::size_t> cells;
    for_each_cell(unit_grid(), s, [&](std::size_t c) { cells.push_back(c); });
    EXPECT_EQ(cells, std::vector<std::size_t>{at(1, 3)});
}

TEST(RasterGrid, overlapping_swaths_average_and_missing_values_are_skipped) {
    const std::vector<Swath> swaths = {{5, 5, 0, 1, 1, 1, 0}, {5, 5, 0, 1, 1, 1, 1}, {5, 5, 0, 1, 1, 1, 2}};
    const auto cells = average_cells(unit_grid(), swaths, {1, 3, NAN});
    // A 2 x 2 square centred on (5, 5): centres 4.5 and 5.5 -> rows 4, 5 and cols 4, 5.
    int filled = 0;
    for (std::size_t c = 0; c < cells.size(); ++c) filled += std::isnan(cells[c]) ? 0 : 1;
    EXPECT_EQ(filled, 4);
    for (auto c : {at(4, 4), at(4, 5), at(5, 4), at(5, 5)}) EXPECT_FLOAT_EQ(cells[c], 2.0f);
}

TEST(RasterGrid, fill_holes_fills_gaps_but_does_not_grow_edges) {
    const auto g = unit_grid();
    std::vector<float> cells(g.size(), NAN);
    // Columns 2..3 and 5..6 filled on rows 2..7, with value 1 and 3: column 4 is a one-cell gap.
    for (int row = 2; row <= 7; ++row) {
        for (int col : {2, 3}) cells[at(row, col)] = 1;
        for (int col : {5, 6}) cells[at(row, col)] = 3;
    }
    fill_holes(g, cells);
    EXPECT_FLOAT_EQ(cells[at(4, 4)], 2.0f); // 3 neighbours of 1 and 3 of 3
    EXPECT_TRUE(std::isnan(cells[at(2, 4)])); // end of the gap: 4 neighbours, not enough
    EXPECT_TRUE(std::isnan(cells[at(4, 1)])); // outside a straight edge: 3
    EXPECT_TRUE(std::isnan(cells[at(1, 2)])); // outside the top edge: 2
    EXPECT_TRUE(std::isnan(cells[at(8, 8)]));
}

TEST(RasterGrid, fill_holes_decides_on_the_grid_before_the_pass) {
    const auto g = unit_grid();
    std::vector<float> cells(g.size(), NAN);
    // A 4 x 4 block (rows/cols 3..6) of 5 with its middle 2 x 2 empty: each hole sees 5 filled
    // neighbours before the pass, so none is filled (filling one would not help the next).
    for (int row = 3; row <= 6; ++row)
        for (int col = 3; col <= 6; ++col) cells[at(row, col)] = 5;
    for (auto c : {at(4, 4), at(4, 5), at(5, 4), at(5, 5)}) cells[c] = NAN;
    fill_holes(g, cells);
    for (auto c : {at(4, 4), at(4, 5), at(5, 4), at(5, 5)}) EXPECT_TRUE(std::isnan(cells[c]));
    // A single hole is filled with the mean of its 8 neighbours.
    cells[at(4, 4)] = cells[at(4, 5)] = cells[at(5, 4)] = 5;
    cells[at(3, 3)] = 13;
    fill_holes(g, cells);
    EXPECT_FLOAT_EQ(cells[at(5, 5)], 5.0f);
    cells[at(5, 5)] = NAN;
    cells[at(6, 6)] = 13;
    fill_holes(g, cells);
    EXPECT_FLOAT_EQ(cells[at(5, 5)], 6.0f); // (7 x 5 + 13) / 8
}

TEST(RasterGrid, cells_are_half_the_median_width_and_sides_are_bounded) {
    Plane plane;
    plane.epsg = 3857;
    plane.units_per_metre = 2; // plane units per ground metre
    Swaths swaths;
    swaths.median_width_m = 6;
    swaths.swaths = {{100, 200, 0, 1, 1, 1, 0}, {130, 260, 0, 1, 1, 1, 1}};
    auto g = fit_grid(swaths, plane);
    EXPECT_DOUBLE_EQ(g.cell, 6.0);             // 3 m on the ground, 2 units a metre
    EXPECT_NEAR(g.x0, 100 - std::sqrt(2.0), 1e-12); // reach of a swath: its half diagonal
    EXPECT_NEAR(g.y0, 260 + std::sqrt(2.0), 1e-12);
    EXPECT_EQ(g.cols, static_cast<int>(std::ceil((30 + 2 * std::sqrt(2.0)) / 6)));
    EXPECT_EQ(g.rows, static_cast<int>(std::ceil((60 + 2 * std::sqrt(2.0)) / 6)));
    swaths.swaths[1].y = 200 + 1e6;
    g = fit_grid(swaths, plane);
    EXPECT_EQ(g.rows, max_raster_side);
    EXPECT_GE(g.rows * g.cell, 1e6);
}


} // namespace
} // namespace furrow::outputs::raster
