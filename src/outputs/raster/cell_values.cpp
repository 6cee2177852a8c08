#include "outputs/raster/cell_values.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace furrow::outputs::raster {

SwathCells swath_cells(const GridSpec& grid, const std::vector<Swath>& swaths) {
    SwathCells out;
    out.offsets.reserve(swaths.size() + 1);
    out.cells.reserve(swaths.size() * 2);
    out.offsets.push_back(0);
    for (const auto& s : swaths) {
        for_each_cell(grid, s, [&](std::size_t cell) { out.cells.push_back(static_cast<std::uint32_t>(cell)); });
        out.offsets.push_back(static_cast<std::uint32_t>(out.cells.size()));
    }
    return out;
}

std::vector<float> average_cells(const GridSpec& grid, const std::vector<Swath>& swaths, const SwathCells& painted,
                                 const std::vector<double>& values) {
    // A running mean per cell keeps it to 8 bytes a cell (float mean + count) at 4096^2 cells.
    std::vector<float> mean(grid.size(), 0.0f);
    std::vector<std::uint32_t> count(grid.size(), 0);
    for (std::size_t s = 0; s < swaths.size(); ++s) {
        const double v = values[swaths[s].point];
        if (!std::isfinite(v)) continue;
        for (auto k = painted.offsets[s]; k < painted.offsets[s + 1]; ++k) {
            const auto cell = painted.cells[k];
            const auto n = ++count[cell];
            mean[cell] += static_cast<float>((v - mean[cell]) / n);
        }
    }
    for (std::size_t cell = 0; cell < mean.size(); ++cell)
        if (count[cell] == 0) mean[cell] = std::numeric_limits<float>::quiet_NaN();
    return mean;
}

std::vector<float> average_cells(const GridSpec& grid, const std::vector<Swath>& swaths, const std::vector<double>& values) {
    return average_cells(grid, swaths, swath_cells(grid, swaths), values);
}

void fill_holes(const GridSpec& grid, std::vector<float>& cells, int min_neighbours) {
    std::vector<std::pair<std::size_t, float>> fills;
    for (int row = 0; row < grid.rows; ++row) {
        for (int col = 0; col < grid.cols; ++col) {
            const std::size_t here = static_cast<std::size_t>(row) * grid.cols + col;
            if (!std::isnan(cells[here])) continue;
            int filled = 0;
            double sum = 0;
            for (int dr = -1; dr <= 1; ++dr) {
                for (int dc = -1; dc <= 1; ++dc) {
                    const int r = row + dr, c = col + dc;
                    if ((dr == 0 && dc == 0) || r < 0 || c < 0 || r >= grid.rows || c >= grid.cols) continue;
                    const float v = cells[static_cast<std::size_t>(r) * grid.cols + c];
                    if (std::isnan(v)) continue;
                    ++filled;
                    sum += v;
                }
            }
            if (filled >= min_neighbours) fills.emplace_back(here, static_cast<float>(sum / filled));
        }
    }
    for (const auto& [cell, value] : fills) cells[cell] = value;
}

} // namespace furrow::outputs::raster
