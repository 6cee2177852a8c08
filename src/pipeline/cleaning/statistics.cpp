#include "pipeline/cleaning/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace furrow::pipeline::cleaning::detail {

double quantile(std::vector<double>& values, double p) {
    const double h = (static_cast<double>(values.size()) - 1) * p;
    const auto below = static_cast<std::size_t>(std::floor(h));
    const auto at = values.begin() + static_cast<std::ptrdiff_t>(below);
    std::nth_element(values.begin(), at, values.end());
    const double next = below + 1 < values.size() ? *std::min_element(at + 1, values.end()) : *at;
    return *at + (h - static_cast<double>(below)) * (next - *at);
}

Limits iqr_limits(std::vector<double> values, double lower, double upper, double k) {
    const double iqr = quantile(values, 0.75) - quantile(values, 0.25);
    return {quantile(values, lower) - k * iqr, quantile(values, upper) + k * iqr};
}

MeanSquares mean_squares(std::span<const double> values) {
    if (values.empty()) return {0, 0};
    double sum = 0;
    for (const double v : values) sum += v;
    const double mean = sum / static_cast<double>(values.size());
    double squares = 0; // two passes: exact enough for yields of 1e5 kg/ha over 1e6 points
    for (const double v : values) squares += (v - mean) * (v - mean);
    return {mean, squares};
}

MeanSd mean_sd(std::span<const double> values) {
    const auto [mean, squares] = mean_squares(values);
    if (values.size() < 2) return {mean, 0};
    return {mean, std::sqrt(squares / static_cast<double>(values.size() - 1))};
}

} // namespace furrow::pipeline::cleaning::detail
