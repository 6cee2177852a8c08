#pragma once
// cleanupStandardGeojson (contract-facts §5 "Valid points", §10 cleanupRules): drops from the
// standard points those that break a rule such as wetMass > 0 or recordingStatus == "On".
// A rule only judges a point that has the property: a missing value is not a broken rule, and a
// property the file does not carry at all is not tested.
#include "schema/machine_data.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace furrow::pipeline {

// The file step message when nothing is left (files-v3.md status table).
inline constexpr const char* no_points_passed = "no points passed the filter";

struct CleanupReport {
    std::size_t input_points = 0;
    std::size_t removed_points = 0;
    nlohmann::json removed_by = nlohmann::json::object(); // property -> points it removed (first rule wins)

    // {inputPoints, removedPoints, removedBy}: the summary's `cleanup` member (docs/CLEANING.md).
    nlohmann::json to_json() const;
};

// `rules` is a validated cleanupRules value; `crop` the file's normalised crop ("" when unknown).
CleanupReport apply_cleanup_rules(schema::MachineData& data, const nlohmann::json& rules, const std::string& crop);

} // namespace furrow::pipeline
