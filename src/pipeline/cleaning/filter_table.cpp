#include "pipeline/cleaning/filter_table.hpp"

#include "pipeline/cleaning/filters.hpp"

#include <array>

namespace furrow::pipeline::cleaning {
namespace {

using S = CleaningSettings;
using namespace detail;

// The order follows the published screens (Simbahan et al.; Sudduth & Drummond 2007): machine
// state first, then the flow-delay shift (every later value filter judges shifted values), motion,
// pass edges, positions, and the statistical value filters last, over what is left.
constexpr std::array filters = {
    FilterEntry{"recordingStatus", &S::recording_status, filter_recording_status},
    FilterEntry{"flowDelay", &S::flow_delay, filter_flow_delay},
    FilterEntry{"invalidValue", &S::invalid_value, filter_invalid_value},
    FilterEntry{"speedRange", &S::speed_range, filter_speed_range},
    FilterEntry{"speedQuantile", &S::speed_quantile, filter_speed_quantile},
    FilterEntry{"speedChange", &S::speed_change, filter_speed_change},
    FilterEntry{"headlandTurn", &S::headland_turn, filter_headland_turn},
    FilterEntry{"passStart", &S::pass_start, filter_pass_start},
    FilterEntry{"passEnd", &S::pass_end, filter_pass_end},
    FilterEntry{"duplicatePosition", &S::duplicate_position, filter_duplicate_position},
    FilterEntry{"overlap", &S::overlap, filter_overlap},
    FilterEntry{"valueQuantile", &S::value_quantile, filter_value_quantile},
    FilterEntry{"globalSd", &S::global_sd, filter_global_sd},
    FilterEntry{"localSd", &S::local_sd, filter_local_sd},
};

} // namespace

std::span<const FilterEntry> cleaning_filters() { return filters; }

} // namespace furrow::pipeline::cleaning
