#include "core/time.hpp"

#include <fmt/format.h>

#include <chrono>

namespace furrow {
namespace {

// Howard Hinnant's days_from_civil: proleptic Gregorian date -> days since 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly `width` digits at `pos`; advances pos.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t width, int& out) {
    if (pos + width > s.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    pos += width;
    out = v;
    return true;
}

bool read_char(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

} // namespace

TimeMs now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_iso8601(TimeMs t) {
    std::int64_t days = t / 86'400'000;
    std::int64_t ms_of_day = t % 86'400'000;
    if (ms_of_day < 0) {
        ms_of_day += 86'400'000;
        --days;
    }
    const Civil c = civil_from_days(days);
    const auto secs = ms_of_day / 1000;
    return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", c.year, c.month, c.day, secs / 3600,
                       (secs / 60) % 60, secs % 60, ms_of_day % 1000);
}

std::optional<TimeMs> parse_iso8601(std::string_view s) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(s, pos, 4, year) || !read_char(s, pos, '-') || !read_digits(s, pos, 2, month) ||
        !read_char(s, pos, '-') || !read_digits(s, pos, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > days_in_month(year, month))
        return std::nullopt;
    double fraction = 0;
    std::int64_t offset_minutes = 0;
    if (pos < s.size()) {
        if (!read_char(s, pos, 'T') && !read_char(s, pos, 't') && !read_char(s, pos, ' ')) return std::nullopt;
        if (!read_digits(s, pos, 2, hour) || !read_char(s, pos, ':') || !read_digits(s, pos, 2, minute))
            return std::nullopt;
        if (read_char(s, pos, ':')) {
            if (!read_digits(s, pos, 2, second)) return std::nullopt;
            if (read_char(s, pos, '.') || read_char(s, pos, ',')) {
                double scale = 0.1;
                std::size_t digits = 0;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    fraction += (s[pos] - '0') * scale;
                    scale /= 10;
                    ++pos;
                    ++digits;
                }
                if (digits == 0 || digits > 9) return std::nullopt;
            }
        }
        if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
        if (pos < s.size()) {
            if (read_char(s, pos, 'Z') || read_char(s, pos, 'z')) {
                // UTC
            } else if (s[pos] == '+' || s[pos] == '-') {
                const int sign = s[pos] == '-' ? -1 : 1;
                ++pos;
                int oh = 0, om = 0;
                if (!read_digits(s, pos, 2, oh)) return std::nullopt;
                read_char(s, pos, ':');
                if (!read_digits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
                offset_minutes = sign * (oh * 60 + om);
            } else {
                return std::nullopt;
            }
        }
        if (pos != s.size()) return std::nullopt;
    }
    const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    return secs * 1000 + static_cast<std::int64_t>(fraction * 1000 + 1e-6);
}

} // namespace furrow
