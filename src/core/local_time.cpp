#include "core/local_time.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include <vector>

namespace furrow {
namespace {

std::vector<UChar> utf16(std::string_view text) {
    std::vector<UChar> out(text.size() + 1);
    int32_t length = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8(out.data(), static_cast<int32_t>(out.size()), &length, text.data(), static_cast<int32_t>(text.size()), &status);
    if (U_FAILURE(status)) return {};
    out.resize(static_cast<std::size_t>(length));
    return out;
}

UCalendar* calendar(void* p) { return static_cast<UCalendar*>(p); }

} // namespace

bool is_time_zone(std::string_view zone) {
    const auto id = utf16(zone);
    if (id.empty()) return false;
    UChar canonical[128];
    UBool system_id = false;
    UErrorCode status = U_ZERO_ERROR;
    ucal_getCanonicalTimeZoneID(id.data(), static_cast<int32_t>(id.size()), canonical, 128, &system_id, &status);
    return U_SUCCESS(status) && system_id;
}

LocalTimeZone::LocalTimeZone(std::string_view zone) : m_name(zone), m_calendar(nullptr) {
    if (!is_time_zone(zone))
        throw Error(ErrorCode::invalid_input, fmt::format("timeZone: '{}' is not an IANA time zone", zone.substr(0, 100)));
    const auto id = utf16(zone);
    UErrorCode status = U_ZERO_ERROR;
    m_calendar = ucal_open(id.data(), static_cast<int32_t>(id.size()), "en_US_POSIX", UCAL_GREGORIAN, &status);
    if (U_FAILURE(status)) throw Error(ErrorCode::internal, fmt::format("time zone {}: ICU: {}", zone, u_errorName(status)));
    // A proleptic Gregorian calendar: no Julian dates before 1582 to surprise anyone.
    ucal_setGregorianChange(calendar(m_calendar), -8.64e15, &status);
}

LocalTimeZone::~LocalTimeZone() {
    if (m_calendar != nullptr) ucal_close(calendar(m_calendar));
}

TimeMs LocalTimeZone::to_utc(TimeMs wall_clock) const {
    UErrorCode status = U_ZERO_ERROR;
    ucal_setMillis(calendar(m_calendar), static_cast<UDate>(wall_clock), &status);
    int32_t raw = 0, dst = 0;
    ucal_getTimeZoneOffsetFromLocal(calendar(m_calendar), UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, &raw, &dst, &status);
    if (U_FAILURE(status)) throw Error(ErrorCode::internal, fmt::format("time zone {}: ICU: {}", m_name, u_errorName(status)));
    return wall_clock - raw - dst;
}

} // namespace furrow
