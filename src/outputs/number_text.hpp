#pragma once
// Fast text for the numbers of big outputs (GeoJSON of 10^6 points): fixed decimals through
// integer to_chars, trailing zeros trimmed. fmt's precision formatting falls back to big-integer
// arithmetic and took most of the conversion time.
#include "core/time.hpp"

#include <fmt/format.h>

namespace furrow::outputs {

// `value` rounded to `decimals` (0..9) places, e.g. 24.488280612 with 6 -> "24.488281", 9.0 -> "9".
// Only finite values; |value| * 10^decimals must fit in an int64 (else falls back to fmt).
void append_fixed(fmt::memory_buffer& out, double value, int decimals);

// ISO 8601 "yyyy-MM-ddTHH:mm:ss.SSSZ"; remembers the last day, since points come in time order.
class TimestampWriter {
public:
    void append(fmt::memory_buffer& out, TimeMs t);

private:
    std::int64_t m_day = INT64_MIN;
    char m_date[11] = {};
};

} // namespace furrow::outputs
