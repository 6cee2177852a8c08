#pragma once
// The few statistics the cleaning filters share, defined as R and numpy define them so a
// check in Python or R gets the same limits: quantiles by linear interpolation (R type 7, numpy
// "linear", Python statistics.quantiles(method="inclusive")) and the sample SD (n - 1).
#include <span>
#include <vector>

namespace furrow::pipeline::cleaning::detail {

// The p-quantile (0..1) of `values` (not empty), reordered here: two order statistics by
// nth_element instead of a sort (1M values: ~10 ms instead of ~80 ms a quantile pair).
double quantile(std::vector<double>& values, double p);

struct Limits {
    double low;
    double high;
    bool contains(double v) const { return v >= low && v <= high; }
};

// [Q(lower) - k*IQR, Q(upper) + k*IQR], IQR = Q(0.75) - Q(0.25), of `values`.
Limits iqr_limits(std::vector<double> values, double lower, double upper, double k);

struct MeanSd {
    double mean;
    double sd; // sample SD; 0 for fewer than two values
};

MeanSd mean_sd(std::span<const double> values);

// Mean and sum of squared deviations from it (what mean_sd divides), for filters that combine
// groups of values; {0, 0} when empty.
struct MeanSquares {
    double mean;
    double squares;
};

MeanSquares mean_squares(std::span<const double> values);

} // namespace furrow::pipeline::cleaning::detail
