#pragma once
// Grain-flow delay (Yield Editor DELAY): grain cut at a position reaches the flow sensor some
// seconds later, so the yield logged at time t + delay belongs to the position logged at t.
// The filter (filters.hpp) computes, for every point, the point whose flow values it takes: the
// one nearest in time to t + delay within the same run; a point whose t + delay falls outside its
// run has none and is removed. shift_flow_values applies that to the filtered copy.
#include "schema/point_table.hpp"

#include <cstddef>
#include <vector>

namespace furrow::pipeline::cleaning {

// Moves the flow-borne columns (yields per area, crop flow, moisture) to source[i] for every
// point i (-1: missing) and recomputes the per-point amounts (wetMass, ...) as rate x area.
void shift_flow_values(schema::PointTable& table, const std::vector<std::ptrdiff_t>& source);

} // namespace furrow::pipeline::cleaning
