#include "pipeline/cleaning/clean_points.hpp"

#include "pipeline/cleaning/filter_context.hpp"
#include "pipeline/cleaning/filter_table.hpp"
#include "pipeline/cleaning/flow_delay.hpp"

#include <string>

namespace furrow::pipeline::cleaning {

CleaningResult clean_points(const schema::MachineData& data, const CleaningSettings& settings) {
    CleaningResult result;
    result.removed_by.assign(data.points.size(), 0);
    auto ctx = detail::make_context(data, settings, result.removed_by);
    const auto filters = cleaning_filters();
    for (std::size_t filter_idx = 0; filter_idx < filters.size(); ++filter_idx) {
        const bool enabled = settings.*filters[filter_idx].enabled;
        result.m_enabled.push_back(enabled);
        if (!enabled) continue;
        ctx.code = static_cast<std::uint8_t>(filter_idx + 1);
        filters[filter_idx].run(ctx);
    }
    for (const auto code : result.removed_by) result.kept += code == 0 ? 1 : 0;
    result.property = ctx.property;
    result.value_source = std::move(ctx.value_source);
    return result;
}

nlohmann::json CleaningResult::report() const {
    const auto filters = cleaning_filters();
    auto removed = nlohmann::json::object();
    std::vector<std::size_t> counts(filters.size() + 1, 0);
    for (const auto code : removed_by) ++counts[code];
    for (std::size_t filter_idx = 0; filter_idx < filters.size(); ++filter_idx)
        if (filter_idx < m_enabled.size() && m_enabled[filter_idx])
            removed[std::string(filters[filter_idx].name)] = counts[filter_idx + 1];
    return {{"inputPoints", removed_by.size()},
            {"keptPoints", kept},
            {"property", property ? nlohmann::json(std::string(schema::info(*property).key)) : nlohmann::json(nullptr)},
            {"removedBy", removed}};
}

schema::MachineData filtered_copy(const schema::MachineData& data, const CleaningResult& result) {
    schema::MachineData copy = data;
    if (!result.value_source.empty()) shift_flow_values(copy.points, result.value_source);
    std::vector<bool> keep(result.removed_by.size());
    for (std::size_t i = 0; i < keep.size(); ++i) keep[i] = result.removed_by[i] == 0;
    copy.points.keep(keep);
    return copy;
}

} // namespace furrow::pipeline::cleaning
