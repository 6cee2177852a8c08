#pragma once
// Runs and passes over the points in logged order. A run is a stretch logged without a break:
// it ends where the recording status changes, time goes backwards or pauses longer than
// passes.maxGapSeconds. A pass is a run further cut where the machine turns faster than
// headlandTurn.maxTurnRate (the turning points belong to no pass).
#include "pipeline/cleaning/filter_context.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace furrow::pipeline::cleaning::detail {

inline constexpr std::uint32_t no_pass = std::numeric_limits<std::uint32_t>::max();

// Run number of every point (0, 1, ...).
std::vector<std::uint32_t> run_ids(const FilterContext& ctx);

// Heading change rate (arcdeg/s) of every point: the heading difference between the first and the
// last point of its run within +-turn_window_s/2, over their time difference. NaN when not measurable.
std::vector<double> turn_rates(const FilterContext& ctx, const std::vector<std::uint32_t>& runs);

// Pass number of every point, or no_pass for a turning point.
std::vector<std::uint32_t> pass_ids(const FilterContext& ctx);

} // namespace furrow::pipeline::cleaning::detail
