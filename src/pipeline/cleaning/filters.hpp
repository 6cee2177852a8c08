#pragma once
// The cleaning filters, one function each, grouped in files by family. Each marks, through
// ctx.remove(), the points still kept that it rejects; statistical limits are computed over the
// points still kept when the filter runs (so earlier filters' rejects do not skew them).
// Their order is the table in filter_table.cpp.
#include "pipeline/cleaning/filter_context.hpp"

namespace furrow::pipeline::cleaning::detail {

// status_value_filters.cpp
void filter_recording_status(FilterContext& ctx);
void filter_invalid_value(FilterContext& ctx);
// flow_delay.cpp
void filter_flow_delay(FilterContext& ctx);
// speed_filters.cpp
void filter_speed_range(FilterContext& ctx);
void filter_speed_quantile(FilterContext& ctx);
void filter_speed_change(FilterContext& ctx);
// pass_filters.cpp
void filter_headland_turn(FilterContext& ctx);
void filter_pass_start(FilterContext& ctx);
void filter_pass_end(FilterContext& ctx);
// position_filters.cpp
void filter_duplicate_position(FilterContext& ctx);
void filter_overlap(FilterContext& ctx);
// value_filters.cpp
void filter_value_quantile(FilterContext& ctx);
void filter_global_sd(FilterContext& ctx);
// local_sd_filter.cpp
void filter_local_sd(FilterContext& ctx);

} // namespace furrow::pipeline::cleaning::detail
