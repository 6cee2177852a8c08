#pragma once
// The raster grid over a file's swaths. Cells are half the median working width on the ground
// (two cells across a pass, so passes stay distinct without leaving gaps between them); the grid
// is at most max_raster_side cells a side — a larger extent (a stray point far away) coarsens the
// cells instead of exhausting memory.
#include "outputs/raster/swaths.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace furrow::outputs::raster {

inline constexpr int max_raster_side = 4096;

struct GridSpec {
    int epsg = 0;
    double x0 = 0, y0 = 0; // top-left corner, plane units
    double cell = 1;       // cell side, plane units
    int cols = 0, rows = 0;

    std::size_t size() const { return static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows); }
    // GDAL's affine transform: north up, square cells.
    std::array<double, 6> geotransform() const { return {x0, cell, 0, y0, 0, -cell}; }
};

// The grid covering every swath of `swaths` (in `plane`), or a 0x0 grid when there are none.
GridSpec fit_grid(const Swaths& swaths, const Plane& plane);

// Calls visit(cell index) for every cell whose centre lies in the swath's rectangle, and for the
// cell holding the point itself when no centre does (a swath smaller than a cell still shows).
template <typename Visit>
void for_each_cell(const GridSpec& grid, const Swath& s, Visit&& visit) {
    // Across the heading is the heading turned 90 degrees clockwise: (along_y, -along_x).
    const double ex = std::abs(s.along_x) * s.half_length + std::abs(s.along_y) * s.half_width;
    const double ey = std::abs(s.along_y) * s.half_length + std::abs(s.along_x) * s.half_width;
    // Clamped as doubles, so the conversion to int is always in range.
    const auto index = [](double at, int count) { return static_cast<int>(std::clamp(std::floor(at), 0.0, count - 1.0)); };
    const auto col_of = [&](double x) { return index((x - grid.x0) / grid.cell, grid.cols); };
    const auto row_of = [&](double y) { return index((grid.y0 - y) / grid.cell, grid.rows); };
    const int own_col = col_of(s.x), own_row = row_of(s.y);
    bool own_visited = false;
    for (int row = row_of(s.y + ey); row <= row_of(s.y - ey); ++row) {
        const double dy = grid.y0 - (row + 0.5) * grid.cell - s.y;
        for (int col = col_of(s.x - ex); col <= col_of(s.x + ex); ++col) {
            const double dx = grid.x0 + (col + 0.5) * grid.cell - s.x;
            const double along = dx * s.along_x + dy * s.along_y;
            const double across = dx * s.along_y - dy * s.along_x;
            if (std::abs(along) > s.half_length || std::abs(across) > s.half_width) continue;
            own_visited = own_visited || (row == own_row && col == own_col);
            visit(static_cast<std::size_t>(row) * static_cast<std::size_t>(grid.cols) + static_cast<std::size_t>(col));
        }
    }
    if (!own_visited) visit(static_cast<std::size_t>(own_row) * static_cast<std::size_t>(grid.cols) + static_cast<std::size_t>(own_col));
}

} // namespace furrow::outputs::raster
