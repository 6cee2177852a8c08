#include "outputs/number_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace furrow::outputs {
namespace {

constexpr std::int64_t powers[] = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

void append_chars(fmt::memory_buffer& out, const char* begin, const char* end) { out.append(begin, end); }

void append_two_digits(fmt::memory_buffer& out, int v) {
    const char digits[2] = {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
    out.append(digits, digits + 2);
}

} // namespace

void append_fixed(fmt::memory_buffer& out, double value, int decimals) {
    const std::int64_t scale = powers[decimals];
    const double scaled = std::round(value * static_cast<double>(scale));
    if (!(std::fabs(scaled) < 9.0e18)) {
        fmt::format_to(std::back_inserter(out), "{}", value);
        return;
    }
    auto units = static_cast<std::int64_t>(scaled);
    if (units < 0) {
        out.push_back('-');
        units = -units;
    }
    char text[24];
    auto [end, ec] = std::to_chars(text, text + sizeof text, units / scale);
    append_chars(out, text, end);
    std::int64_t fraction = units % scale;
    if (fraction == 0) return;
    int digits = decimals;
    while (fraction % 10 == 0) { // trim trailing zeros
        fraction /= 10;
        --digits;
    }
    char frac[16];
    for (int i = digits - 1; i >= 0; --i) {
        frac[i] = static_cast<char>('0' + fraction % 10);
        fraction /= 10;
    }
    out.push_back('.');
    append_chars(out, frac, frac + digits);
}

void TimestampWriter::append(fmt::memory_buffer& out, TimeMs t) {
    std::int64_t day = t / 86'400'000;
    std::int64_t ms = t % 86'400'000;
    if (ms < 0) {
        ms += 86'400'000;
        --day;
    }
    if (day != m_day) {
        const std::string full = format_iso8601(day * 86'400'000);
        full.copy(m_date, 10);
        m_day = day;
    }
    out.append(m_date, m_date + 10);
    out.push_back('T');
    append_two_digits(out, static_cast<int>(ms / 3'600'000));
    out.push_back(':');
    append_two_digits(out, static_cast<int>(ms / 60'000 % 60));
    out.push_back(':');
    append_two_digits(out, static_cast<int>(ms / 1000 % 60));
    const int millis = static_cast<int>(ms % 1000);
    const char tail[6] = {'.', static_cast<char>('0' + millis / 100), static_cast<char>('0' + millis / 10 % 10),
                          static_cast<char>('0' + millis % 10), 'Z', '\0'};
    out.append(tail, tail + 5);
}

} // namespace furrow::outputs
