#pragma once
// Small hand-built standardized tables for the cleaning tests: points placed in metres east/north
// of 45 N 7 E, times in seconds, every column in its canonical unit, as standardize leaves them.
#include "pipeline/cleaning/clean_points.hpp"
#include "pipeline/cleaning/filter_table.hpp"
#include "schema/machine_data.hpp"

#include <initializer_list>
#include <numbers>
#include <string_view>
#include <vector>

namespace furrow::pipeline::cleaning::testing {

struct TrackPoint {
    double x = 0, y = 0;  // m east / north
    double t = 0;         // s
    double speed = 2;     // m/s
    double heading = 0;   // arcdeg
    double value = 5000;  // wetMassPerArea, kg/ha
    double status = 1;    // recordingStatus
    double width = 10;    // m
    double distance = 2;  // m since the previous point
};

inline schema::MachineData track(const std::vector<TrackPoint>& points) {
    using schema::PropertyId;
    using schema::unit;
    schema::MachineData d;
    d.source.operation_type = schema::OperationType::harvested;
    constexpr double lat0 = 45, lon0 = 7, per_deg = 6'371'008.8 * std::numbers::pi / 180;
    const double cos_lat = std::cos(lat0 * std::numbers::pi / 180);
    auto& t = d.points;
    for (const auto& p : points) {
        const auto i = t.add_point(lon0 + p.x / (per_deg * cos_lat), lat0 + p.y / per_deg, 1'600'000'000'000 + std::llround(p.t * 1000));
        t.set(PropertyId::speed, unit("m/s"), i, p.speed);
        t.set(PropertyId::heading, unit("arcdeg"), i, p.heading);
        t.set(PropertyId::wet_mass_per_area, unit("kg/ha"), i, p.value);
        t.set(PropertyId::recording_status, unit("flag"), i, p.status);
        t.set(PropertyId::equipment_width, unit("m"), i, p.width);
        t.set(PropertyId::distance, unit("m"), i, p.distance);
        t.set(PropertyId::area, unit("m2"), i, p.width * p.distance);
        t.set(PropertyId::wet_mass, unit("kg"), i, p.value * p.width * p.distance / 10'000);
    }
    return d;
}

// n points going north at `speed` m/s, one a second, starting at (x, y0) and time t0.
inline std::vector<TrackPoint> straight(std::size_t n, double x = 0, double y0 = 0, double t0 = 0, double speed = 2) {
    std::vector<TrackPoint> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back({.x = x, .y = y0 + speed * static_cast<double>(i), .t = t0 + static_cast<double>(i), .speed = speed});
    return out;
}

// Every filter off except `on`.
inline CleaningSettings only(std::initializer_list<bool CleaningSettings::*> on) {
    CleaningSettings s;
    for (const auto& f : cleaning_filters()) s.*f.enabled = false;
    for (const auto flag : on) s.*flag = true;
    return s;
}

// Indices of the points `filter` removed.
inline std::vector<std::size_t> removed_by_filter(const CleaningResult& r, std::string_view filter) {
    std::size_t code = 0;
    const auto filters = cleaning_filters();
    for (std::size_t i = 0; i < filters.size(); ++i)
        if (filters[i].name == filter) code = i + 1;
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < r.removed_by.size(); ++i)
        if (r.removed_by[i] == code) out.push_back(i);
    return out;
}

using Indices = std::vector<std::size_t>;

} // namespace furrow::pipeline::cleaning::testing
