// Local outliers (yieldcleanr's localized SD, Simbahan's neighbourhood step, Vega et al.'s
// spatial outliers): a value far from its neighbours' mean is a sensor or positioning error even
// when it is plausible for the field as a whole.
#include "core/parallel.hpp"
#include "pipeline/cleaning/filters.hpp"
#include "pipeline/cleaning/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace furrow::pipeline::cleaning::detail {
namespace {

// Count, mean and sum of squared deviations from that mean of some values.
struct Part {
    double count, mean, squares;
};

// The judged points sorted by square cell as wide as the radius (so a point's 3x3 cells hold
// every point within it), each cell's points in table order, with their positions and values
// copied contiguously, and each cell cut into blocks of consecutive entries with their bounding
// box. Points come in passes, so a block is a short stretch of track: most blocks lie wholly
// inside or wholly outside a point's circle (of ~1350 candidates a point on a 1M-point harvest,
// ~470 are neighbours) and are taken or skipped without testing their points. A block taken whole
// enters the neighbours' statistics through its count, mean and sum of squared deviations, so a
// point's mean and SD cost a few dozen blocks instead of hundreds of values.
struct CellSorted {
    struct Block {
        std::size_t begin, end; // range in the arrays below
        double min_x, max_x, min_y, max_y;
        Part values; // of the block's values
    };
    struct Cell {
        std::int64_t cx, cy;
        std::size_t begin, end;             // range in the arrays below
        std::size_t first_block, end_block; // range in blocks
    };
    static constexpr std::size_t block_size = 16;
    std::vector<Cell> cells;
    std::vector<Block> blocks;
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
            out.cells.push_back({cell_xy[i].first, cell_xy[i].second, k, k, out.blocks.size(), out.blocks.size()});
        }
        auto& cell = out.cells.back();
        if ((cell.end - cell.begin) % CellSorted::block_size == 0) {
            out.blocks.push_back({k, k, ctx.x[i], ctx.x[i], ctx.y[i], ctx.y[i], {}});
            ++cell.end_block;
        }
        auto& block = out.blocks.back();
        ++block.end;
        block.min_x = std::min(block.min_x, ctx.x[i]);
        block.max_x = std::max(block.max_x, ctx.x[i]);
        block.min_y = std::min(block.min_y, ctx.y[i]);
        block.max_y = std::max(block.max_y, ctx.y[i]);
        ++cell.end;
        out.point.push_back(i);
        out.x.push_back(ctx.x[i]);
        out.y.push_back(ctx.y[i]);
        out.value.push_back(ctx.values[i]);
    }
    for (auto& block : out.blocks) {
        const std::span<const double> values(out.value.data() + block.begin, block.end - block.begin);
        const auto [mean, squares] = mean_squares(values);
        block.values = {static_cast<double>(values.size()), mean, squares};
    }
    return out;
}

// Squared distance, written once so the block bounds and the point test round alike.
double distance2(double dx, double dy) { return dx * dx + dy * dy; }

// A point's neighbours, a part per block: the block's own figures when it lies wholly within the
// circle, else those of its points within it.
struct Neighbours {
    std::vector<Part> parts;
    double count = 0;

    void clear() {
        parts.clear();
        count = 0;
    }

    // Mean and sample SD of all of them: the two-pass formula, with a part's deviations from the
    // overall mean split as its own sum of squares plus its count x (its mean - the mean)^2.
    MeanSd mean_sd() const {
        double sum = 0;
        for (const auto& part : parts) sum += part.count * part.mean;
        const double mean = sum / count;
        if (count < 2) return {mean, 0};
        double squares = 0;
        for (const auto& part : parts) squares += part.squares + part.count * (part.mean - mean) * (part.mean - mean);
        return {mean, std::sqrt(squares / (count - 1))};
    }
};

// Adds to `out` the block's points within the circle, skipping `self`. Rounding is monotonic, so a
// block whose farthest corner is within radius2 has every point within it, and one whose nearest
// point is beyond it has none: the same points as testing each. A block the circle cuts is summed
// without branches (which of its points fall inside is a coin toss to the branch predictor), as
// deviations from the block's mean so the sum of squares keeps its precision.
void gather(const CellSorted& grid, const CellSorted::Block& block, std::size_t self, double radius2, Neighbours& out) {
    const double px = grid.x[self], py = grid.y[self];
    const double near = distance2(std::clamp(px, block.min_x, block.max_x) - px, std::clamp(py, block.min_y, block.max_y) - py);
    if (near > radius2) return;
    const double far = distance2(std::max(std::fabs(block.min_x - px), std::fabs(block.max_x - px)),
                                 std::max(std::fabs(block.min_y - py), std::fabs(block.max_y - py)));
    const bool holds_self = self >= block.begin && self < block.end;
    if (far <= radius2 && !holds_self) {
        out.parts.push_back(block.values);
        out.count += block.values.count;
        return;
    }
    double count = 0, sum = 0, squares = 0;
    for (std::size_t k = block.begin; k < block.end; ++k) {
        const double inside = (k != self && distance2(grid.x[k] - px, grid.y[k] - py) <= radius2) ? 1.0 : 0.0;
        const double d = grid.value[k] - block.values.mean;
        count += inside;
        sum += inside * d;
        squares += inside * d * d;
    }
    if (count == 0) return;
    out.parts.push_back({count, block.values.mean + sum / count, squares - sum * sum / count});
    out.count += count;
}

// Judges the points of one cell against the snapshot.
void judge_cell(const FilterContext& ctx, const CellSorted& grid, const CellSorted::Cell& cell, double radius2,
                std::vector<std::size_t>& outliers) {
    std::vector<const CellSorted::Cell*> around;
    for (std::int64_t dx = -1; dx <= 1; ++dx)
        for (std::int64_t dy = -1; dy <= 1; ++dy) {
            const auto found = grid.cell_of.find(CellSorted::key(cell.cx + dx, cell.cy + dy));
            if (found != grid.cell_of.end()) around.push_back(&grid.cells[found->second]);
        }
    const auto min_count = static_cast<std::size_t>(ctx.settings.local_sd_min_neighbours);
    Neighbours neighbours;
    for (std::size_t p = cell.begin; p < cell.end; ++p) {
        neighbours.clear();
        for (const auto* other : around)
            for (auto b = other->first_block; b < other->end_block; ++b) gather(grid, grid.blocks[b], p, radius2, neighbours);
        if (neighbours.count < static_cast<double>(min_count) || neighbours.count == 0) continue;
        const auto [mean, sd] = neighbours.mean_sd();
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
