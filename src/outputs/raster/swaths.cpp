#include "outputs/raster/swaths.hpp"

#include "schema/unit_systems.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace furrow::outputs::raster {
namespace {

using schema::PropertyId;

// A column's values, or nullptr when the table has none.
const std::vector<double>* values_of(const schema::PointTable& table, PropertyId id) {
    const auto* column = table.find(id);
    return column ? &column->values : nullptr;
}

bool positive(double v) { return std::isfinite(v) && v > 0; }

// Median of the positive values of `column` over the painted points; `fallback` when none.
double positive_median(const std::vector<double>* column, const std::vector<std::uint32_t>& painted, double fallback) {
    if (column == nullptr) return fallback;
    std::vector<double> values;
    for (auto point : painted)
        if (positive((*column)[point])) values.push_back((*column)[point]);
    if (values.empty()) return fallback;
    auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

std::vector<std::uint32_t> painted_points(const schema::PointTable& table, const Plane& plane) {
    const auto* on = values_of(table, PropertyId::recording_status);
    std::vector<std::uint32_t> painted;
    painted.reserve(table.size());
    for (std::size_t point = 0; point < table.size(); ++point) {
        if (!std::isfinite(plane.x[point]) || !std::isfinite(plane.y[point])) continue;
        if (on != nullptr && (*on)[point] == 0) continue;
        painted.push_back(static_cast<std::uint32_t>(point));
    }
    return painted;
}

// `value` when positive, capped at `cap`; else `fallback`.
double capped_or(const std::vector<double>* column, std::uint32_t point, double cap, double fallback) {
    if (column == nullptr || !positive((*column)[point])) return fallback;
    return std::min((*column)[point], cap);
}

} // namespace

Swaths build_swaths(const schema::PointTable& table, const Plane& plane) {
    Swaths out;
    const auto painted = painted_points(table, plane);
    // Swaths are drawn in metres whatever unit system the values are written in (feet under DEFAULT
    // for a US export): the painted property's values stay as written, the geometry does not.
    const auto width_m = schema::canonical_values(table, PropertyId::equipment_width);
    const auto distance_m = schema::canonical_values(table, PropertyId::distance);
    const auto* width = table.find(PropertyId::equipment_width) ? &width_m : nullptr;
    const auto* distance = table.find(PropertyId::distance) ? &distance_m : nullptr;
    const auto* heading = values_of(table, PropertyId::heading);
    const double no_width = -1;
    const double median_width = positive_median(width, painted, no_width);
    out.width_known = median_width != no_width;
    out.median_width_m = out.width_known ? median_width : fallback_width_m;
    const double min_length = out.median_width_m / 2; // one cell, see grid.hpp
    const double median_distance = std::max(positive_median(distance, painted, min_length), min_length);
    const double scale = plane.units_per_metre;
    out.swaths.reserve(painted.size());
    for (auto point : painted) {
        const double w = capped_or(width, point, swath_cap * out.median_width_m, out.median_width_m);
        double length = std::max(capped_or(distance, point, swath_cap * median_distance, median_distance), min_length);
        double angle = 0;
        if (heading != nullptr && std::isfinite((*heading)[point])) angle = (*heading)[point] * std::numbers::pi / 180;
        else length = w;
        // Heading is clockwise from north: east = sin, north = cos (plane x east, y north).
        out.swaths.push_back({plane.x[point], plane.y[point], std::sin(angle), std::cos(angle),
                              length / 2 * scale, w / 2 * scale, point});
    }
    return out;
}

} // namespace furrow::outputs::raster
