#pragma once
// Local wall-clock times -> UTC, by the IANA rules ICU carries (libicu, Debian's libicu-dev). GCC 12's
// libstdc++ has no std::chrono time-zone database, hence ICU.
#include "core/time.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace furrow {

class LocalTimeZone {
public:
    // Throws Error(invalid_input) naming `zone` when ICU does not know it ("America/Chicago" is
    // known, "Mars/Base" and "" are not).
    explicit LocalTimeZone(std::string_view zone);
    ~LocalTimeZone();
    LocalTimeZone(const LocalTimeZone&) = delete;
    LocalTimeZone& operator=(const LocalTimeZone&) = delete;

    const std::string& name() const { return m_name; }

    // `wall_clock` is the local date and time written as if it were UTC ms. A time that occurs twice
    // (the hour the clocks go back) is taken as the first; one that never occurs (the hour skipped
    // in spring) is read with the offset before the change, i.e. an hour later in UTC terms.
    TimeMs to_utc(TimeMs wall_clock) const;

private:
    std::string m_name;
    void* m_calendar; // UCalendar*, kept out of the header
};

bool is_time_zone(std::string_view zone);

} // namespace furrow
