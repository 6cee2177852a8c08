#include "formats/shapefile/record_time.hpp"

#include "core/strings.hpp"

#include <cmath>
#include <cstdio>

namespace furrow::formats::shapefile {
namespace {

constexpr TimeMs ms_per_day = 86'400'000;

bool valid_clock(int hour, int minute, double second) {
    return hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 61;
}

std::optional<TimeMs> date_field(OGRFeatureH feature, int field, bool& has_time_of_day) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, tz = 0;
    float second = 0;
    if (!OGR_F_GetFieldAsDateTimeEx(feature, field, &year, &month, &day, &hour, &minute, &second, &tz)) return std::nullopt;
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 || !valid_clock(hour, minute, second)) return std::nullopt;
    has_time_of_day = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feature, field)) != OFTDate;
    const TimeMs clock = (hour * 3600 + minute * 60) * 1000LL + std::llround(second * 1000.0);
    // OGR zone flag: 100 = UTC, 101+ = UTC + 15 min steps; 0/1 (unknown/local) are taken as UTC.
    const TimeMs offset = tz > 100 ? (tz - 100) * 15 * 60'000LL : tz > 1 && tz < 100 ? -(100 - tz) * 15 * 60'000LL : 0;
    return days_from_civil_ms(year, month, day) + clock - offset;
}

std::optional<TimeMs> text_field(OGRFeatureH feature, int field) {
    const std::string text = trim(OGR_F_GetFieldAsString(feature, field));
    if (text.empty()) return std::nullopt;
    if (auto t = parse_iso8601(text)) return t;
    return parse_us_datetime(text);
}

// "20190512", "2019-05-12" or "2019/05/12" -> midnight UTC of that day.
std::optional<TimeMs> day_text(std::string_view text) {
    int year = 0, month = 0, day = 0;
    const std::string s(trim(text));
    if (s.size() == 8 && std::sscanf(s.c_str(), "%4d%2d%2d", &year, &month, &day) != 3) return std::nullopt;
    if (s.size() != 8 && std::sscanf(s.c_str(), "%d%*[-/]%d%*[-/]%d", &year, &month, &day) != 3) return std::nullopt;
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    return days_from_civil_ms(year, month, day);
}

// "13:04:05.5" -> milliseconds since midnight.
std::optional<TimeMs> clock_text(std::string_view text) {
    int hour = 0, minute = 0;
    double second = 0;
    const std::string s(trim(text));
    if (std::sscanf(s.c_str(), "%d:%d:%lf", &hour, &minute, &second) != 3 || !valid_clock(hour, minute, second)) return std::nullopt;
    return (hour * 3600 + minute * 60) * 1000LL + std::llround(second * 1000);
}

} // namespace

TimeMs days_from_civil_ms(int year, int month, int day) {
    // H. Hinnant's days_from_civil: proleptic Gregorian date -> days since 1970-01-01.
    year -= month <= 2 ? 1 : 0;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int yoe = year - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (static_cast<TimeMs>(era) * 146097 + doe - 719468) * ms_per_day;
}

std::optional<TimeMs> parse_us_datetime(std::string_view text) {
    int month = 0, day = 0, year = 0, hour = 0, minute = 0, consumed = 0;
    double second = 0;
    const std::string s(trim(text));
    const int n = std::sscanf(s.c_str(), "%d/%d/%d %d:%d:%lf %n", &month, &day, &year, &hour, &minute, &second, &consumed);
    if (n < 6 || month < 1 || month > 12 || day < 1 || day > 31 || year < 1900) return std::nullopt;
    const std::string rest = to_lower(trim(std::string_view(s).substr(static_cast<std::size_t>(consumed))));
    if (!rest.empty()) {
        if ((rest != "am" && rest != "pm") || hour < 1 || hour > 12) return std::nullopt;
        hour = hour % 12 + (rest == "pm" ? 12 : 0); // 12 AM is midnight, 12 PM noon
    }
    if (!valid_clock(hour, minute, second)) return std::nullopt;
    return days_from_civil_ms(year, month, day) + (hour * 3600 + minute * 60) * 1000LL + std::llround(second * 1000);
}

std::optional<TimeMs> parse_session_time_of_day(std::string_view text) {
    int a = 0, b = 0, c = 0, hour = 0, minute = 0, second = 0;
    const std::string s(trim(text));
    if (std::sscanf(s.c_str(), "%d/%d/%d-%d:%d:%d", &a, &b, &c, &hour, &minute, &second) != 6) return std::nullopt;
    if (!valid_clock(hour, minute, second)) return std::nullopt;
    return (hour * 3600 + minute * 60 + second) * 1000LL;
}

std::optional<TimeMs> RecordClock::date_and_time_of_day(OGRFeatureH feature) const {
    if (!OGR_F_IsFieldSetAndNotNull(feature, m_fields.date) || !OGR_F_IsFieldSetAndNotNull(feature, m_fields.time_of_day)) return std::nullopt;
    bool ignored = false;
    const auto type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feature, m_fields.date));
    const auto day = type == OFTDate || type == OFTDateTime ? date_field(feature, m_fields.date, ignored)
                                                            : day_text(OGR_F_GetFieldAsString(feature, m_fields.date));
    const auto clock = clock_text(OGR_F_GetFieldAsString(feature, m_fields.time_of_day));
    if (!day || !clock) return std::nullopt;
    return *day + *clock;
}

std::optional<TimeMs> RecordClock::absolute(OGRFeatureH feature, bool& has_time_of_day) const {
    if (m_fields.date >= 0 && m_fields.time_of_day >= 0)
        if (const auto t = date_and_time_of_day(feature)) {
            has_time_of_day = true;
            return t;
        }
    if (m_fields.unix_seconds >= 0 && OGR_F_IsFieldSetAndNotNull(feature, m_fields.unix_seconds)) {
        const double seconds = OGR_F_GetFieldAsDouble(feature, m_fields.unix_seconds);
        has_time_of_day = true;
        if (std::isfinite(seconds) && seconds > 0) return std::llround(seconds * 1000);
    }
    for (const int field : m_fields.time) {
        if (!OGR_F_IsFieldSetAndNotNull(feature, field)) continue;
        const auto type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feature, field));
        has_time_of_day = true;
        auto t = type == OFTDate || type == OFTDateTime ? date_field(feature, field, has_time_of_day) : text_field(feature, field);
        if (t) return t;
    }
    return std::nullopt;
}

// SMS: a bare date plus the session's start time plus the durations of the records before.
TimeMs RecordClock::session_offset(OGRFeatureH feature) {
    TimeMs offset = 0;
    if (m_fields.session_start >= 0) {
        const std::string session = OGR_F_GetFieldAsString(feature, m_fields.session_start);
        if (session != m_session) m_session = session, m_elapsed_s = 0;
        offset = parse_session_time_of_day(session).value_or(0);
    }
    offset += std::llround(m_elapsed_s * 1000);
    if (m_fields.duration_s >= 0 && OGR_F_IsFieldSetAndNotNull(feature, m_fields.duration_s)) {
        const double duration = OGR_F_GetFieldAsDouble(feature, m_fields.duration_s);
        if (std::isfinite(duration) && duration > 0) m_elapsed_s += duration;
    }
    return offset;
}

TimeMs RecordClock::time_of(OGRFeatureH feature) {
    bool has_time_of_day = false;
    const auto t = absolute(feature, has_time_of_day);
    if (t && has_time_of_day) return *t;
    return t.value_or(0) + session_offset(feature);
}

} // namespace furrow::formats::shapefile
