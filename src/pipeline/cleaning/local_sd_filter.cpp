// Local outliers (yieldcleanr's localized SD, Simbahan's neighbourhood step, Vega et al.'s
// spatial outliers): a value far from its neighbours' mean is a sensor or positioning error even
// when it is plausible for the field as a whole.
#include "core/parallel.hpp"
#include "pipeline/cleaning/filters.hpp"
#include "pipeline/cleaning/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace furrow::pipeline::cleaning::detail {
namespace {

// The judged points sorted by square cell as wide as the radius (so a point's 3x3 cells hold
// every point within it), each cell's points in table order, with their positions and values
// copied contiguously: the neighbour scans, ~500 candidates a point on a 1M-point harvest, then
// read memory in order instead of chasing indices.
struct CellSorted {
    struct Cell {
        std::int64_t cx, cy;
        std::size_t begin, end; // range in the arrays below
    };
    std::vector<Cell> cells;
    std::unordered_map<std::uint64_t, std::size_t> cell_of; // key(cx, cy) -> index in cells
    std::vector<std::uint32_t> point;
    std::vector<double> x, y, value;

    static std::uint64_t key(std::int64_t cx, std::int64_t cy) {
        return (static_cast<std::uint64_t>(cx) << 32) ^ (static_cast<std::uint64_t>(cy) & 0xffffffffu);
    }
};

CellSorted sort_by_cell(const FilterContext& ctx, double radius) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed; // (cell key, point): sorted, cells keep table order
    std::vector<std::pair<std::int64_t, std::int64_t>> cell_xy(ctx.size());
    for (std::size_t i = 0; i < ctx.size(); ++i) {
        if (!ctx.kept(i) || !std::isfinite(ctx.values[i])) continue;
        cell_xy[i] = {static_cast<std::int64_t>(std::floor(ctx.x[i] / radius)),
                      static_cast<std::int64_t>(std::floor(ctx.y[i] / radius))};
        keyed.emplace_back(CellSorted::key(cell_xy[i].first, cell_xy[i].second), static_cast<std::uint32_t>(i));
    }
    std::sort(keyed.begin(), keyed.end());
    CellSorted out;
    out.point.reserve(keyed.size());
    for (std::size_t k = 0; k < keyed.size(); ++k) {
        const auto i = keyed[k].second;
        if (k == 0 || keyed[k].first != keyed[k - 1].first) {
            out.cell_of.emplace(keyed[k].first, out.cells.size());
            out.cells.push_back({cell_xy[i].first, cell_xy[i].second, k, k});
        }
        ++out.cells.back().end;
        out.point.push_back(i);
        out.x.push_back(ctx.x[i]);
        out.y.push_back(ctx.y[i]);
        out.value.push_back(ctx.values[i]);
    }
    return out;
}

// Judges the points of one cell against the snapshot. Neighbours are gathered in the order of
// the former per-point scan (cells dx, then dy, from -1 to 1; table order within a cell), so the
// sums, and so every decision, are the same to the last bit.
void judge_cell(const FilterContext& ctx, const CellSorted& grid, const CellSorted::Cell& cell, double radius2,
                std::vector<std::size_t>& outliers) {
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (std::int64_t dx = -1; dx <= 1; ++dx)
        for (std::int64_t dy = -1; dy <= 1; ++dy) {
            const auto found = grid.cell_of.find(CellSorted::key(cell.cx + dx, cell.cy + dy));
            if (found != grid.cell_of.end()) runs.emplace_back(grid.cells[found->second].begin, grid.cells[found->second].end);
        }
    const auto min_count = static_cast<std::size_t>(ctx.settings.local_sd_min_neighbours);
    std::vector<double> neighbours;
    for (std::size_t p = cell.begin; p < cell.end; ++p) {
        neighbours.clear();
        for (const auto& [begin, end] : runs)
            for (std::size_t k = begin; k < end; ++k) {
                const double dx = grid.x[k] - grid.x[p], dy = grid.y[k] - grid.y[p];
                if (k != p && dx * dx + dy * dy <= radius2) neighbours.push_back(grid.value[k]);
            }
        if (neighbours.size() < min_count) continue;
        const auto [mean, sd] = mean_sd(neighbours);
        if (std::fabs(grid.value[p] - mean) > ctx.settings.local_sd_limit * sd) outliers.push_back(grid.point[p]);
    }
}

} // namespace

// Neighbours: the other points still kept within localSd.swaths x the median working width. Every
// decision uses the same snapshot (the points kept before this filter), so the result does not
// depend on the order the points are visited in — which lets the cells be judged on every core.
// Too few neighbours: not judged. No width: skipped.
void filter_local_sd(FilterContext& ctx) {
    const double radius = ctx.settings.local_sd_swaths * ctx.swath_width;
    if (ctx.values.empty() || !(radius > 0)) return;
    const auto grid = sort_by_cell(ctx, radius);
    constexpr std::size_t cells_per_task = 16;
    std::vector<std::vector<std::size_t>> outliers((grid.cells.size() + cells_per_task - 1) / cells_per_task);
    parallel_for(outliers.size(), [&](std::size_t task) {
        const std::size_t end = std::min(grid.cells.size(), (task + 1) * cells_per_task);
        for (std::size_t c = task * cells_per_task; c < end; ++c)
            judge_cell(ctx, grid, grid.cells[c], radius * radius, outliers[task]);
    });
    for (const auto& list : outliers)
        for (const auto i : list) ctx.remove(i);
}

} // namespace furrow::pipeline::cleaning::detail
