// Speed screens (Yield Editor MINV/MAXV/SMV; yieldcleanr's velocity limits and velocity jumps):
// the yield monitor divides flow by speed x width, so a wrong or changing speed makes a wrong yield.
// A point without a speed is not judged by them.
#include "pipeline/cleaning/filters.hpp"
#include "pipeline/cleaning/passes.hpp"
#include "pipeline/cleaning/statistics.hpp"

namespace furrow::pipeline::cleaning::detail {
namespace {

const std::vector<double>* speeds(const FilterContext& ctx) { return ctx.column(schema::PropertyId::speed); }

} // namespace

void filter_speed_range(FilterContext& ctx) {
    const auto* speed = speeds(ctx);
    if (!speed) return;
    for (std::size_t i = 0; i < ctx.size(); ++i) {
        const double v = (*speed)[i];
        if (v < ctx.settings.speed_min || v > ctx.settings.speed_max) ctx.remove(i); // NaN: not judged
    }
}

// Limits from the speeds of the points still kept.
void filter_speed_quantile(FilterContext& ctx) {
    const auto* speed = speeds(ctx);
    if (!speed) return;
    std::vector<double> kept;
    for (std::size_t i = 0; i < ctx.size(); ++i)
        if (ctx.kept(i) && !schema::is_missing((*speed)[i])) kept.push_back((*speed)[i]);
    if (kept.empty()) return;
    const auto& s = ctx.settings;
    const auto limits = iqr_limits(std::move(kept), s.speed_lower_quantile, s.speed_upper_quantile, s.speed_iqr_factor);
    for (std::size_t i = 0; i < ctx.size(); ++i)
        if (!schema::is_missing((*speed)[i]) && !limits.contains((*speed)[i])) ctx.remove(i);
}

// The acceleration from the last point still kept in the same run: comparing with the last good
// point rather than the raw previous one keeps the point after a one-point spike.
void filter_speed_change(FilterContext& ctx) {
    const auto* speed = speeds(ctx);
    if (!speed) return;
    const auto& time = ctx.data.points.time();
    const auto runs = run_ids(ctx);
    std::ptrdiff_t last = -1; // last kept point with a speed, in the current run
    for (std::size_t i = 0; i < ctx.size(); ++i) {
        if (last >= 0 && runs[static_cast<std::size_t>(last)] != runs[i]) last = -1;
        if (!ctx.kept(i) || schema::is_missing((*speed)[i])) continue;
        if (last >= 0) {
            const auto prev = static_cast<std::size_t>(last);
            const TimeMs dt = time[i] - time[prev];
            const double a = dt > 0 ? ((*speed)[i] - (*speed)[prev]) / (static_cast<double>(dt) / 1000) : 0;
            if (a > ctx.settings.max_acceleration || -a > ctx.settings.max_deceleration) {
                ctx.remove(i);
                continue;
            }
        }
        last = static_cast<std::ptrdiff_t>(i);
    }
}

} // namespace furrow::pipeline::cleaning::detail
