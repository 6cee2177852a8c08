#include "pipeline/cleaning/cleaning_settings.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

namespace furrow::pipeline::cleaning {
namespace {

using S = CleaningSettings;
constexpr double inf = std::numeric_limits<double>::infinity();

// One filter's on/off switch in the JSON. Filters without one (the `passes` group) are absent.
struct Switch {
    std::string_view filter;
    bool S::*enabled;
};

// One numeric parameter: where it lives in the JSON and the struct, and its allowed range.
struct Param {
    std::string_view filter;
    std::string_view key;
    double S::*field;
    double low;
    bool low_open; // true: must be greater than `low`; false: at least `low`
    double high;   // inclusive
    bool integer = false;
};

constexpr std::array switches = {
    Switch{"recordingStatus", &S::recording_status}, Switch{"flowDelay", &S::flow_delay},
    Switch{"invalidValue", &S::invalid_value},       Switch{"speedRange", &S::speed_range},
    Switch{"speedQuantile", &S::speed_quantile},     Switch{"speedChange", &S::speed_change},
    Switch{"headlandTurn", &S::headland_turn},       Switch{"passStart", &S::pass_start},
    Switch{"passEnd", &S::pass_end},                 Switch{"duplicatePosition", &S::duplicate_position},
    Switch{"overlap", &S::overlap},                  Switch{"valueQuantile", &S::value_quantile},
    Switch{"globalSd", &S::global_sd},               Switch{"localSd", &S::local_sd},
};

// yieldcleanr searches the flow delay over -25..25 s; +-60 s leaves room for slow forage machines.
constexpr std::array params = {
    Param{"flowDelay", "seconds", &S::flow_delay_s, -60, false, 60},
    Param{"speedRange", "min", &S::speed_min, 0, false, inf},
    Param{"speedRange", "max", &S::speed_max, 0, true, inf},
    Param{"speedQuantile", "lowerQuantile", &S::speed_lower_quantile, 0, false, 1},
    Param{"speedQuantile", "upperQuantile", &S::speed_upper_quantile, 0, false, 1},
    Param{"speedQuantile", "iqrFactor", &S::speed_iqr_factor, 0, false, inf},
    Param{"speedChange", "maxAcceleration", &S::max_acceleration, 0, true, inf},
    Param{"speedChange", "maxDeceleration", &S::max_deceleration, 0, true, inf},
    Param{"headlandTurn", "maxTurnRate", &S::max_turn_rate, 0, true, inf},
    Param{"headlandTurn", "windowSeconds", &S::turn_window_s, 0, true, 600},
    Param{"passes", "maxGapSeconds", &S::pass_max_gap_s, 0, true, inf},
    Param{"passStart", "seconds", &S::pass_start_s, 0, false, 600},
    Param{"passEnd", "seconds", &S::pass_end_s, 0, false, 600},
    Param{"duplicatePosition", "minDistance", &S::duplicate_distance, 0, true, 100},
    // Below 5 cm a field's bitmap stops fitting the cap and the cells are enlarged anyway.
    Param{"overlap", "cellSize", &S::overlap_cell, 0.05, false, 10},
    Param{"overlap", "maxShare", &S::overlap_max_share, 0, false, 1},
    Param{"valueQuantile", "lowerQuantile", &S::value_lower_quantile, 0, false, 1},
    Param{"valueQuantile", "upperQuantile", &S::value_upper_quantile, 0, false, 1},
    Param{"valueQuantile", "iqrFactor", &S::value_iqr_factor, 0, false, inf},
    Param{"globalSd", "limit", &S::global_sd_limit, 0, true, inf},
    Param{"localSd", "swaths", &S::local_sd_swaths, 0, true, 100},
    Param{"localSd", "limit", &S::local_sd_limit, 0, true, inf},
    Param{"localSd", "minNeighbours", &S::local_sd_min_neighbours, 1, false, 10'000, true},
};

[[noreturn]] void bad(const std::string& key, const std::string& why) {
    throw Error(ErrorCode::invalid_input, key, fmt::format("cleaningFilters: {} {}", key, why));
}

std::string name_of(std::string_view filter, std::string_view key) { return fmt::format("{}.{}", filter, key); }

bool known_filter(std::string_view filter) {
    for (const auto& p : params)
        if (p.filter == filter) return true;
    for (const auto& s : switches)
        if (s.filter == filter) return true;
    return false;
}

double number(const nlohmann::json& value, const Param& p) {
    const auto key = name_of(p.filter, p.key);
    if (!value.is_number()) bad(key, "must be a number");
    const double v = value.get<double>();
    if (!std::isfinite(v)) bad(key, "must be finite");
    if (p.low_open && v <= p.low) bad(key, fmt::format("must be greater than {}", p.low));
    if (!p.low_open && v < p.low) bad(key, fmt::format("must be at least {}", p.low));
    if (v > p.high) bad(key, fmt::format("must be at most {}", p.high));
    if (p.integer && v != std::floor(v)) bad(key, "must be a whole number");
    return v;
}

// One filter's object: its switch and parameters; any other key is an error.
void read_filter(const std::string& filter, const nlohmann::json& object, S& s) {
    if (!object.is_object()) bad(filter, "must be an object");
    for (const auto& [key, value] : object.items()) {
        bool used = false;
        for (const auto& sw : switches) {
            if (sw.filter != filter || key != "enabled") continue;
            if (!value.is_boolean()) bad(name_of(filter, key), "must be true or false");
            s.*sw.enabled = value.get<bool>();
            used = true;
        }
        for (const auto& p : params) {
            if (p.filter != filter || p.key != key) continue;
            s.*p.field = number(value, p);
            used = true;
        }
        if (!used) bad(name_of(filter, key), "is not a setting of this filter");
    }
}

// Limits that depend on each other, checked after every key is read.
void check_pairs(const S& s) {
    if (s.speed_min > s.speed_max) bad("speedRange.min", "must not exceed speedRange.max");
    if (s.speed_lower_quantile >= s.speed_upper_quantile)
        bad("speedQuantile.lowerQuantile", "must be below speedQuantile.upperQuantile");
    if (s.value_lower_quantile >= s.value_upper_quantile)
        bad("valueQuantile.lowerQuantile", "must be below valueQuantile.upperQuantile");
}

} // namespace

CleaningSettings cleaning_settings_from_json(const nlohmann::json& filters) {
    if (!filters.is_object()) throw Error(ErrorCode::invalid_input, "cleaningFilters", "cleaningFilters must be an object");
    S s;
    for (const auto& [filter, object] : filters.items()) {
        if (!known_filter(filter)) bad(filter, "is not a cleaning filter");
        read_filter(filter, object, s);
    }
    check_pairs(s);
    return s;
}

nlohmann::json to_json(const CleaningSettings& s) {
    auto out = nlohmann::json::object();
    for (const auto& sw : switches) out[std::string(sw.filter)]["enabled"] = s.*sw.enabled;
    for (const auto& p : params) out[std::string(p.filter)][std::string(p.key)] = s.*p.field;
    return out;
}

CleaningSettings cleaning_settings_from_config(const nlohmann::json& config) {
    if (!config.is_object()) throw Error(ErrorCode::invalid_input, "configuration must be an object");
    S s = config.contains("cleaningFilters") ? cleaning_settings_from_json(config.at("cleaningFilters")) : S{};
    if (config.contains("operationsRemoveOutliers")) {
        const auto& v = config.at("operationsRemoveOutliers");
        if (!v.is_boolean())
            throw Error(ErrorCode::invalid_input, "operationsRemoveOutliers", "operationsRemoveOutliers must be true or false");
        s.global_sd = v.get<bool>();
    }
    if (config.contains("operationsOutliersLimit")) {
        const auto& v = config.at("operationsOutliersLimit");
        if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>()))
            throw Error(ErrorCode::invalid_input, "operationsOutliersLimit",
                        "operationsOutliersLimit must be a number of standard deviations greater than 0");
        s.global_sd_limit = v.get<double>();
    }
    return s;
}

} // namespace furrow::pipeline::cleaning
