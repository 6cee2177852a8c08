#include "pipeline/cleaning/passes.hpp"

#include <cmath>

namespace furrow::pipeline::cleaning::detail {

std::vector<std::uint32_t> run_ids(const FilterContext& ctx) {
    const auto& time = ctx.data.points.time();
    const auto* status = ctx.column(schema::PropertyId::recording_status);
    const auto max_gap = static_cast<TimeMs>(std::llround(ctx.settings.pass_max_gap_s * 1000));
    std::vector<std::uint32_t> runs(ctx.size(), 0);
    std::uint32_t run = 0;
    for (std::size_t i = 1; i < ctx.size(); ++i) {
        const TimeMs step = time[i] - time[i - 1];
        const bool status_changed = status && ((*status)[i] >= 0.5) != ((*status)[i - 1] >= 0.5);
        if (step < 0 || step > max_gap || status_changed) ++run;
        runs[i] = run;
    }
    return runs;
}

std::vector<double> turn_rates(const FilterContext& ctx, const std::vector<std::uint32_t>& runs) {
    const auto& time = ctx.data.points.time();
    const auto* heading = ctx.column(schema::PropertyId::heading);
    std::vector<double> rates(ctx.size(), schema::missing);
    if (!heading) return rates;
    const auto half = static_cast<TimeMs>(std::llround(ctx.settings.turn_window_s * 500));
    std::size_t first = 0, last = 0; // the window [first, last] slides forward with i
    for (std::size_t i = 0; i < ctx.size(); ++i) {
        if (i == 0 || runs[i] != runs[i - 1]) first = last = i;
        while (time[first] < time[i] - half) ++first;
        if (last < i) last = i;
        while (last + 1 < ctx.size() && runs[last + 1] == runs[i] && time[last + 1] <= time[i] + half) ++last;
        const TimeMs span = time[last] - time[first];
        const double a = (*heading)[first], b = (*heading)[last];
        if (span > 0 && !schema::is_missing(a) && !schema::is_missing(b))
            rates[i] = heading_difference(a, b) / (static_cast<double>(span) / 1000);
    }
    return rates;
}

std::vector<std::uint32_t> pass_ids(const FilterContext& ctx) {
    const auto runs = run_ids(ctx);
    const auto rates = turn_rates(ctx, runs);
    std::vector<std::uint32_t> passes(ctx.size(), no_pass);
    std::uint32_t next = 0, current = 0;
    for (std::size_t i = 0; i < ctx.size(); ++i) {
        if (rates[i] > ctx.settings.max_turn_rate) continue; // turning; NaN compares false: not turning
        const bool starts = i == 0 || passes[i - 1] == no_pass || runs[i] != runs[i - 1];
        if (starts) current = next++;
        passes[i] = current;
    }
    return passes;
}

} // namespace furrow::pipeline::cleaning::detail
