// Headland turns and the edges of passes. While the machine turns the swath is not the logged
// width, and at the start and end of a pass the grain flow is still building up or draining
// (Yield Editor's START/END delays), so those yields misstate the ground they are placed on.
#include "pipeline/cleaning/filters.hpp"
#include "pipeline/cleaning/passes.hpp"

#include <cmath>

namespace furrow::pipeline::cleaning::detail {
namespace {

// Calls trim(first, last) for each pass: its points are the index range [first, last].
template <typename Trim>
void for_each_pass(const std::vector<std::uint32_t>& passes, Trim trim) {
    std::size_t first = 0;
    for (std::size_t i = 0; i <= passes.size(); ++i) {
        const bool ends = i == passes.size() || (i > 0 && passes[i] != passes[i - 1]);
        if (ends && i > 0 && passes[i - 1] != no_pass) trim(first, i - 1);
        if (ends) first = i;
    }
}

TimeMs ms(double seconds) { return static_cast<TimeMs>(std::llround(seconds * 1000)); }

} // namespace

void filter_headland_turn(FilterContext& ctx) {
    const auto rates = turn_rates(ctx, run_ids(ctx));
    for (std::size_t i = 0; i < ctx.size(); ++i)
        if (rates[i] > ctx.settings.max_turn_rate) ctx.remove(i);
}

// Points logged less than passStart.seconds after the pass's first point.
void filter_pass_start(FilterContext& ctx) {
    const auto& time = ctx.data.points.time();
    const TimeMs delay = ms(ctx.settings.pass_start_s);
    for_each_pass(pass_ids(ctx), [&](std::size_t first, std::size_t last) {
        for (std::size_t i = first; i <= last && time[i] - time[first] < delay; ++i) ctx.remove(i);
    });
}

// Points logged less than passEnd.seconds before the pass's last point.
void filter_pass_end(FilterContext& ctx) {
    const auto& time = ctx.data.points.time();
    const TimeMs delay = ms(ctx.settings.pass_end_s);
    for_each_pass(pass_ids(ctx), [&](std::size_t first, std::size_t last) {
        for (std::size_t i = last + 1; i-- > first && time[last] - time[i] < delay;) ctx.remove(i);
    });
}

} // namespace furrow::pipeline::cleaning::detail
