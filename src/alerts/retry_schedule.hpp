#pragma once
// When a failed webhook call is tried again. The schedule is a list of waits in seconds
// (FURROW_ALERT_RETRY_SCHEDULE; Leaf's is 1, 30, 60 and 240 minutes): the first attempt is
// immediate, attempt n+1 follows attempt n after schedule[n-1]; after the last entry the delivery
// gives up and stays in the failed calls.
#include "core/time.hpp"

#include <optional>
#include <vector>

namespace furrow::alerts {

// attempts_made >= 1. nullopt = no more attempts.
std::optional<TimeMs> retry_delay_ms(const std::vector<int>& schedule_seconds, int attempts_made);
inline int max_attempts(const std::vector<int>& schedule_seconds) { return 1 + static_cast<int>(schedule_seconds.size()); }

} // namespace furrow::alerts
