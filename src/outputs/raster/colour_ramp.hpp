#pragma once
// Leaf's image colours (seeds files-v1 "Get a file's images", operations-v2 "imagesV2"): one
// fixed ramp from red (0%) through yellow (55%) to green (100%), transparent where there is no
// value; imagesV2 uses the ramp's seven stop colours for seven quantile classes.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace furrow::outputs::raster {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 0;
    bool operator==(const Rgba&) const = default;
};

inline constexpr Rgba no_value{0, 0, 0, 0}; // the ramp's "nv"

struct RampStop {
    double fraction; // 0..1 of min..max
    Rgba colour;
};
inline constexpr std::array<RampStop, 7> ramp_stops{{
    {0.00, {200, 0, 0, 255}},
    {0.35, {255, 40, 0, 255}},
    {0.45, {255, 150, 0, 255}},
    {0.55, {255, 240, 0, 255}},
    {0.65, {0, 230, 0, 255}},
    {0.75, {0, 190, 0, 255}},
    {1.00, {0, 130, 0, 255}},
}};

// The ramp colour at `fraction` of min..max (clamped to 0..1), each channel interpolated linearly
// between the two stops around it and rounded to the nearest integer.
Rgba ramp_colour(double fraction);
// The v1 `ramp` member: {"0%":[200,0,0], ..., "100%":[0,130,0], "nv":[0,0,0,0]}.
nlohmann::json ramp_json();

inline constexpr int quantile_classes = 7;
// Class bounds: min, the 1/7..6/7 quantiles, max of the finite values. Quantiles interpolate
// linearly between order statistics (position (n-1)p, as numpy's default / R's type 7).
// `values` must hold at least one finite value.
std::array<double, quantile_classes + 1> quantile_breaks(std::vector<double> values);
// The class of a value: i when breaks[i] <= v < breaks[i+1]; the last class includes the max.
int quantile_class(const std::array<double, quantile_classes + 1>& breaks, double v);
Rgba class_colour(int klass);
std::string colour_code(Rgba c); // "#RRGGBB"
// imagesV2 `legend`: {"ranges":[{"colorCode":"#C80000","min":...,"max":...}, ... 7 classes]}.
nlohmann::json legend_json(const std::array<double, quantile_classes + 1>& breaks);

} // namespace furrow::outputs::raster
