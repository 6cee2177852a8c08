#pragma once
// Times are UTC milliseconds since the Unix epoch everywhere inside furrow; ISO 8601 only at the edges.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace furrow {

using TimeMs = std::int64_t;

TimeMs now_ms();
// "2021-03-12T19:50:55.567Z" (the documented yyyy-MM-dd'T'HH:mm:ss.SSS'Z').
std::string format_iso8601(TimeMs t);
// Accepts yyyy-MM-dd, yyyy-MM-ddTHH:mm[:ss[.fraction]] with Z, +hh:mm, -hh:mm, +hhmm or no zone (= UTC).
// A space may stand for the T. Returns nullopt for anything else, including impossible dates.
std::optional<TimeMs> parse_iso8601(std::string_view text);

} // namespace furrow
