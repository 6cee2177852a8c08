#pragma once
// Every threshold of the filteredGeojson cleaning (docs/CLEANING.md gives each default and its
// source). Values are in the standard schema's canonical units: m, m/s, s, arcdeg, and the judged
// property's own unit for the value filters (which are relative: quantiles, SDs).
//
// JSON: one configuration object, stored by the configurations API under `cleaningFilters`:
//   {"<filter>": {"enabled": bool, "<parameter>": number, ...}, "passes": {"maxGapSeconds": n}}
// Keys left out keep their defaults; unknown keys, wrong types and out-of-range values are errors.
// Leaf's own keys `operationsRemoveOutliers` / `operationsOutliersLimit` are the global SD filter's
// `enabled` / `limit` (fields global_sd / global_sd_limit): cleaning_settings_from_config applies them.
#include <nlohmann/json.hpp>

namespace furrow::pipeline::cleaning {

struct CleaningSettings {
    bool recording_status = true; // drop points logged with the implement off / header up

    bool flow_delay = true;        // shift the yield by flow_delay_s (harvest only)
    double flow_delay_s = 0;       // grain reaches the sensor this many seconds after the position

    bool invalid_value = true;     // drop a missing, zero or negative judged value

    bool speed_range = true;
    double speed_min = 0.5;        // m/s
    double speed_max = 12;         // m/s

    bool speed_quantile = true;    // [Q(lower) - k*IQR, Q(upper) + k*IQR] of the speeds
    double speed_lower_quantile = 0.05;
    double speed_upper_quantile = 0.95;
    double speed_iqr_factor = 1.1;

    bool speed_change = true;      // abrupt speed change between consecutive points
    double max_acceleration = 5;   // m/s2
    double max_deceleration = 8;   // m/s2, a positive magnitude

    bool headland_turn = true;     // heading changing faster than max_turn_rate
    double max_turn_rate = 8;      // arcdeg/s
    double turn_window_s = 4;      // the rate is measured over this window around the point

    double pass_max_gap_s = 5;     // a longer gap between points ends a pass
    bool pass_start = true;
    double pass_start_s = 4;       // trimmed at the start of each pass (machine filling)
    bool pass_end = true;
    double pass_end_s = 2;         // trimmed at the end of each pass (machine emptying)

    bool duplicate_position = true; // a point within this distance of an earlier kept one
    double duplicate_distance = 0.1; // m

    bool overlap = false;          // swath already covered (Han et al. bitmap, as yieldcleanr)
    double overlap_cell = 0.3;     // m
    double overlap_max_share = 0.4; // of the point's swath cells already covered

    bool value_quantile = true;    // [max(0, Q(lower) - k*IQR), Q(upper) + k*IQR] of the judged value
    double value_lower_quantile = 0.10;
    double value_upper_quantile = 0.90;
    double value_iqr_factor = 1.1;

    bool global_sd = true;         // operationsRemoveOutliers
    double global_sd_limit = 3;    // operationsOutliersLimit, in SDs from the mean

    bool local_sd = true;          // SDs from the mean of the neighbours within local_sd_swaths widths
    double local_sd_swaths = 5;
    double local_sd_limit = 2.4;
    double local_sd_min_neighbours = 3;
};

// The `cleaningFilters` object -> settings (defaults for keys left out). Throws
// Error(invalid_input, "<filter>.<key>", ...) naming the bad key and why.
CleaningSettings cleaning_settings_from_json(const nlohmann::json& filters);
nlohmann::json to_json(const CleaningSettings& settings);

// A flat configuration object (contract-facts §10): `cleaningFilters`, then Leaf's
// `operationsRemoveOutliers` / `operationsOutliersLimit`, which win over cleaningFilters.globalSd.
CleaningSettings cleaning_settings_from_config(const nlohmann::json& config);

} // namespace furrow::pipeline::cleaning
