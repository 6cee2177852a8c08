#include "formats/csv/text_time.hpp"

#include "core/strings.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace furrow::formats::csv::detail {
namespace {

struct Ymd {
    int year = 0, month = 0, day = 0;
};

// Up to three integer parts split by '/', '-' or '.', each 1-4 digits.
std::optional<std::array<int, 3>> date_parts(std::string_view text) {
    std::array<int, 3> parts{};
    std::size_t part_idx = 0;
    std::size_t pos = 0;
    while (part_idx < 3) {
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start || pos - start > 4) return std::nullopt;
        std::from_chars(text.data() + start, text.data() + pos, parts[part_idx]);
        ++part_idx;
        if (part_idx == 3) break;
        if (pos >= text.size() || (text[pos] != '/' && text[pos] != '-' && text[pos] != '.')) return std::nullopt;
        ++pos;
    }
    if (pos != text.size()) return std::nullopt;
    return parts;
}

std::optional<Ymd> parse_date(std::string_view text, DateOrder order) {
    const auto parts = date_parts(text);
    if (!parts) return std::nullopt;
    const auto [a, b, c] = *parts;
    if (a >= 1000) return Ymd{a, b, c}; // year first
    if (c < 100) return std::nullopt;    // two-digit years are ambiguous: not guessed
    return order == DateOrder::day_first ? Ymd{c, b, a} : Ymd{c, a, b};
}

// "H:MM[:SS[.fff]][ AM|PM]" -> "HH:MM:SS[.fff]".
std::optional<std::string> parse_time(std::string_view text) {
    std::string t = trim(text);
    int pm = -1;
    if (t.size() > 2) {
        const std::string suffix = to_lower(t.substr(t.size() - 2));
        if (suffix == "am" || suffix == "pm") {
            pm = suffix == "pm" ? 1 : 0;
            t = trim(t.substr(0, t.size() - 2));
        }
    }
    const auto colon = t.find(':');
    if (colon == std::string::npos || colon == 0 || colon > 2) return std::nullopt;
    int hour = 0;
    std::from_chars(t.data(), t.data() + colon, hour);
    if (pm >= 0) {
        if (hour < 1 || hour > 12) return std::nullopt;
        hour = hour % 12 + (pm == 1 ? 12 : 0);
    }
    std::string rest = t.substr(colon + 1);
    if (rest.size() == 2) rest += ":00";
    return fmt::format("{:02d}:{}", hour, rest);
}

} // namespace

void DateOrderGuess::see(std::string_view date) {
    const auto parts = date_parts(trim(date));
    if (parts && (*parts)[0] > 12 && (*parts)[0] < 1000) m_day_first = true;
}

bool names_zone(std::string_view text) {
    const auto colon = text.find(':');
    return colon != std::string_view::npos && text.substr(colon).find_first_of("Zz+-") != std::string_view::npos;
}

std::optional<TimeMs> parse_date_time(std::string_view date, std::string_view time_of_day, DateOrder order) {
    const std::string d = trim(date);
    if (trim(time_of_day).empty()) {
        if (auto iso = parse_iso8601(d)) return iso;
        // "5/03/2024 8:04:24": one column with both.
        const auto space = d.find(' ');
        if (space != std::string::npos) return parse_date_time(d.substr(0, space), d.substr(space + 1), order);
    }
    const auto ymd = parse_date(d, order);
    if (!ymd) return std::nullopt;
    std::string iso = fmt::format("{:04d}-{:02d}-{:02d}", ymd->year, ymd->month, ymd->day);
    if (!trim(time_of_day).empty()) {
        const auto t = parse_time(time_of_day);
        if (!t) return std::nullopt;
        iso += "T" + *t;
    }
    return parse_iso8601(iso);
}

} // namespace furrow::formats::csv::detail
