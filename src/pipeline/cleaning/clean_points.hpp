#pragma once
// Yield / as-applied cleaning for the filteredGeojson output (docs/CLEANING.md): a pure function
// of the standardized points (canonical units) that says, for every point, which filter removed
// it. Nothing is deleted here (STYLE.md §7.4: mark, don't delete); filtered_copy() builds the
// filtered table. When no point passes, the caller fails the step with no_points_passed_message.
#include "pipeline/cleaning/cleaning_settings.hpp"
#include "schema/machine_data.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace furrow::pipeline::cleaning {

// The step message of files-v3.md's status table.
inline constexpr const char* no_points_passed_message = "no points passed the filter";

struct CleaningResult {
    std::vector<std::uint8_t> removed_by; // per point: 0 = kept, else 1 + index in cleaning_filters()
    std::size_t kept = 0;
    std::optional<schema::PropertyId> property; // the value the value filters judged
    std::vector<std::ptrdiff_t> value_source;   // flow delay: point whose flow values point i takes
                                                // (-1: none); empty when no delay was applied

    // {inputPoints, keptPoints, property, removedBy: {filterName: count}} over the enabled filters.
    nlohmann::json report() const;

private:
    friend CleaningResult clean_points(const schema::MachineData&, const CleaningSettings&);
    std::vector<bool> m_enabled; // per filter of cleaning_filters(), as run
};

CleaningResult clean_points(const schema::MachineData& data, const CleaningSettings& settings);

// The kept points, with the flow-borne values shifted by the flow delay when one was applied.
schema::MachineData filtered_copy(const schema::MachineData& data, const CleaningResult& result);

} // namespace furrow::pipeline::cleaning
