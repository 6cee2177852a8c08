#include "alerts/retry_schedule.hpp"

namespace furrow::alerts {

std::optional<TimeMs> retry_delay_ms(const std::vector<int>& schedule_seconds, int attempts_made) {
    if (attempts_made < 1 || attempts_made > static_cast<int>(schedule_seconds.size())) return std::nullopt;
    return static_cast<TimeMs>(schedule_seconds[static_cast<std::size_t>(attempts_made - 1)]) * 1000;
}

} // namespace furrow::alerts
