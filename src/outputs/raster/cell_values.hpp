#pragma once
// One property on the grid: each cell is the mean of the values of the swaths covering it.
#include "outputs/raster/grid.hpp"

#include <cstdint>
#include <vector>

namespace furrow::outputs::raster {

// The cells each swath paints (for_each_cell), listed once per grid: every property of a file
// paints the same cells, only the values differ. Swath s paints cells[offsets[s] .. offsets[s+1]).
struct SwathCells {
    std::vector<std::uint32_t> offsets; // swaths + 1
    std::vector<std::uint32_t> cells;   // grid indices (a grid has at most 4096^2 cells)
};
SwathCells swath_cells(const GridSpec& grid, const std::vector<Swath>& swaths);

// Cell means (row-major, top row first); NaN where no swath with a finite value covers a cell.
std::vector<float> average_cells(const GridSpec& grid, const std::vector<Swath>& swaths, const SwathCells& painted,
                                 const std::vector<double>& values);
// The same, listing the swaths' cells first (one property on its own).
std::vector<float> average_cells(const GridSpec& grid, const std::vector<Swath>& swaths, const std::vector<double>& values);

// Fills small holes: an empty cell with at least `min_neighbours` of its 8 neighbours filled gets
// their mean. Decided on the grid as it was before the pass, so holes do not grow into each other
// and, with the default of 6, the outer edge of the coverage does not spread (a cell outside a
// straight edge has 3 filled neighbours, one in an inside corner 5). What it fills: single empty
// cells and one-cell gaps between passes (3 + 3 neighbours) left when the track or width wobbles.
inline constexpr int default_fill_neighbours = 6;
void fill_holes(const GridSpec& grid, std::vector<float>& cells, int min_neighbours = default_fill_neighbours);

} // namespace furrow::outputs::raster
