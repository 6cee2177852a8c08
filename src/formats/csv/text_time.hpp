#pragma once
// Times written as text in yield exports: dates in either day order, times of day with or without
// seconds or AM/PM, ISO 8601. A date and time without a zone are the logger's local wall clock: the
// reader returns them as if UTC and marks the table TimeBasis::local; the pipeline converts them with
// the zone of the position or the user's choice and reports it (pipeline/local_times.hpp).
#include "core/time.hpp"

#include <optional>
#include <string_view>

namespace furrow::formats::csv::detail {

enum class DateOrder { month_first, day_first };

// Which order slash dates use, from values seen in the file: a first part above 12 means day first.
// Month first (US style) when no value decides, since most yield monitors in these exports are US ones.
class DateOrderGuess {
public:
    void see(std::string_view date);
    DateOrder order() const { return m_day_first ? DateOrder::day_first : DateOrder::month_first; }

private:
    bool m_day_first = false;
};

// "5/03/2024", "2024-03-05", "2024/03/05" or "05.03.2024" plus "8:04:24", "08:04", "8:04:24 PM",
// "08:04:24.5"; `time_of_day` may be empty (midnight). Also a full ISO 8601 text in `date` alone.
std::optional<TimeMs> parse_date_time(std::string_view date, std::string_view time_of_day, DateOrder order);

// Whether a time text names its zone: "Z" or an offset after the time of day ("...T18:36:52.000Z",
// "18:36:52-05:00"); "8/26/2017 6:36:52 PM" and "2017-08-26T18:36:52" do not.
bool names_zone(std::string_view text);

} // namespace furrow::formats::csv::detail
