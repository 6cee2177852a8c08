// Local outliers (yieldcleanr's localized SD, Simbahan's neighbourhood step, Vega et al.'s
// spatial outliers): a value far from its neighbours' mean is a sensor or positioning error even
// when it is plausible for the field as a whole.
#include "pipeline/cleaning/filters.hpp"
#include "pipeline/cleaning/point_grid.hpp"
#include "pipeline/cleaning/statistics.hpp"

#include <cmath>

namespace furrow::pipeline::cleaning::detail {

// Neighbours: the other points still kept within localSd.swaths x the median working width. Every
// decision uses the same snapshot (the points kept before this filter), so the result does not
// depend on the order the points are visited in. Too few neighbours: not judged. No width: skipped.
void filter_local_sd(FilterContext& ctx) {
    const double radius = ctx.settings.local_sd_swaths * ctx.swath_width;
    if (ctx.values.empty() || !(radius > 0)) return;
    PointGrid grid(radius);
    for (std::size_t i = 0; i < ctx.size(); ++i)
        if (ctx.kept(i) && std::isfinite(ctx.values[i])) grid.add(static_cast<std::uint32_t>(i), ctx.x[i], ctx.y[i]);
    std::vector<std::size_t> outliers;
    std::vector<double> neighbours;
    const auto min_count = static_cast<std::size_t>(ctx.settings.local_sd_min_neighbours);
    const double radius2 = radius * radius;
    for (std::size_t i = 0; i < ctx.size(); ++i) {
        if (!ctx.kept(i) || !std::isfinite(ctx.values[i])) continue;
        neighbours.clear();
        grid.near(ctx.x[i], ctx.y[i], [&](std::uint32_t j) {
            const double dx = ctx.x[j] - ctx.x[i], dy = ctx.y[j] - ctx.y[i];
            if (j != i && dx * dx + dy * dy <= radius2) neighbours.push_back(ctx.values[j]);
        });
        if (neighbours.size() < min_count) continue;
        const auto [mean, sd] = mean_sd(neighbours);
        if (std::fabs(ctx.values[i] - mean) > ctx.settings.local_sd_limit * sd) outliers.push_back(i);
    }
    for (const auto i : outliers) ctx.remove(i);
}

} // namespace furrow::pipeline::cleaning::detail
