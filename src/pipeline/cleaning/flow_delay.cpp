#include "pipeline/cleaning/flow_delay.hpp"

#include "pipeline/cleaning/filters.hpp"
#include "pipeline/cleaning/passes.hpp"

#include <algorithm>
#include <cmath>

namespace furrow::pipeline::cleaning {
namespace {

using schema::PropertyId;

constexpr PropertyId flow_borne[] = {PropertyId::wet_mass_per_area, PropertyId::dry_mass_per_area,
                                     PropertyId::wet_volume_per_area, PropertyId::dry_volume_per_area,
                                     PropertyId::crop_flow, PropertyId::harvest_moisture};

struct Amount {
    PropertyId rate, amount;
};
constexpr Amount amounts[] = {{PropertyId::wet_mass_per_area, PropertyId::wet_mass},
                              {PropertyId::dry_mass_per_area, PropertyId::dry_mass},
                              {PropertyId::wet_volume_per_area, PropertyId::wet_volume},
                              {PropertyId::dry_volume_per_area, PropertyId::dry_volume}};

// The point of [first, last] (times ascending) nearest in time to `target`, or -1 outside them.
std::ptrdiff_t nearest(const std::vector<TimeMs>& time, std::size_t first, std::size_t last, TimeMs target) {
    if (target < time[first] || target > time[last]) return -1;
    const auto begin = time.begin() + static_cast<std::ptrdiff_t>(first);
    const auto end = time.begin() + static_cast<std::ptrdiff_t>(last) + 1;
    auto at = std::lower_bound(begin, end, target);
    if (at != begin && (at == end || *at - target > target - *(at - 1))) --at;
    return at - time.begin();
}

} // namespace

void shift_flow_values(schema::PointTable& table, const std::vector<std::ptrdiff_t>& source) {
    for (const auto id : flow_borne) {
        auto* column = table.find(id);
        if (!column) continue;
        const auto raw = column->values;
        for (std::size_t i = 0; i < raw.size(); ++i)
            column->values[i] = source[i] >= 0 ? raw[static_cast<std::size_t>(source[i])] : schema::missing;
    }
    const auto* area = table.find(PropertyId::area);
    for (const auto& [rate, amount] : amounts) {
        const auto* r = table.find(rate);
        auto* a = table.find(amount);
        if (!r || !a || !area) continue;
        for (std::size_t i = 0; i < a->values.size(); ++i) a->values[i] = r->values[i] * area->values[i] / 10'000; // kg/ha x m2
    }
}

namespace detail {

void filter_flow_delay(FilterContext& ctx) {
    if (!ctx.harvest() || ctx.values.empty() || ctx.settings.flow_delay_s == 0) return;
    const auto& time = ctx.data.points.time();
    const auto delay = static_cast<TimeMs>(std::llround(ctx.settings.flow_delay_s * 1000));
    const auto runs = run_ids(ctx);
    const auto raw = ctx.values;
    ctx.value_source.assign(ctx.size(), -1);
    for (std::size_t first = 0; first < ctx.size();) {
        std::size_t last = first;
        while (last + 1 < ctx.size() && runs[last + 1] == runs[first]) ++last;
        for (std::size_t i = first; i <= last; ++i) {
            const auto j = nearest(time, first, last, time[i] + delay);
            ctx.value_source[i] = j;
            ctx.values[i] = j >= 0 ? raw[static_cast<std::size_t>(j)] : schema::missing;
            if (j < 0) ctx.remove(i);
        }
        first = last + 1;
    }
}

} // namespace detail
} // namespace furrow::pipeline::cleaning
