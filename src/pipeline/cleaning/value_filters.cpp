// Whole-file limits on the judged value: Yield Editor's MINY/MAXY set from quantiles as AYCE and
// yieldcleanr do, and STDY / Vega et al.'s global outliers (mean +- k SD; Leaf's
// operationsOutliersLimit). Both are computed over the points still kept with a valid value.
#include "pipeline/cleaning/filters.hpp"
#include "pipeline/cleaning/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace furrow::pipeline::cleaning::detail {
namespace {

std::vector<double> kept_values(const FilterContext& ctx) {
    std::vector<double> out;
    for (std::size_t i = 0; i < ctx.size(); ++i)
        if (ctx.kept(i) && std::isfinite(ctx.values[i])) out.push_back(ctx.values[i]);
    return out;
}

void remove_outside(FilterContext& ctx, Limits limits) {
    for (std::size_t i = 0; i < ctx.size(); ++i)
        if (std::isfinite(ctx.values[i]) && !limits.contains(ctx.values[i])) ctx.remove(i);
}

} // namespace

void filter_value_quantile(FilterContext& ctx) {
    if (ctx.values.empty()) return;
    auto kept = kept_values(ctx);
    if (kept.empty()) return;
    const auto& s = ctx.settings;
    auto limits = iqr_limits(std::move(kept), s.value_lower_quantile, s.value_upper_quantile, s.value_iqr_factor);
    limits.low = std::max(limits.low, 0.0); // a rate below zero is never real
    remove_outside(ctx, limits);
}

void filter_global_sd(FilterContext& ctx) {
    if (ctx.values.empty()) return;
    const auto kept = kept_values(ctx);
    if (kept.size() < 2) return;
    const auto [mean, sd] = mean_sd(kept);
    const double k = ctx.settings.global_sd_limit;
    remove_outside(ctx, {mean - k * sd, mean + k * sd});
}

} // namespace furrow::pipeline::cleaning::detail
