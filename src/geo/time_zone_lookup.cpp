#include "geo/time_zone_lookup.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

namespace furrow::geo {
namespace {

// tz.js: function tzlookup(Y,W){var X="<tiles>",T=["Africa/Abidjan",...];...}
constexpr std::string_view tiles_begin = "var X=\"";
constexpr std::string_view zones_begin = "\",T=[";
// The constants of the package's lookup (11.x); a file without them is read by other rules.
constexpr std::string_view algorithm_marks[] = {"3136", "1995", "2304", "360.00000000000006", "180.00000000000003"};
constexpr long long node_count_limit = 3136;

[[noreturn]] void unreadable(std::string_view why) {
    throw Error(ErrorCode::unavailable, fmt::format("time zones: tz.js: {}", why));
}

} // namespace

TimeZoneLookup TimeZoneLookup::parse(std::string_view tz_js) {
    for (const auto mark : algorithm_marks)
        if (tz_js.find(mark) == std::string_view::npos) unreadable(fmt::format("not the @photostructure/tz-lookup 11 layout (no {})", mark));
    const auto tiles_at = tz_js.find(tiles_begin);
    const auto zones_at = tz_js.find(zones_begin);
    if (tiles_at == std::string_view::npos || zones_at == std::string_view::npos || zones_at < tiles_at) unreadable("no tile string");
    TimeZoneLookup out;
    out.m_tiles = std::string(tz_js.substr(tiles_at + tiles_begin.size(), zones_at - tiles_at - tiles_begin.size()));
    std::size_t pos = zones_at + zones_begin.size();
    while (pos < tz_js.size() && tz_js[pos] == '"') {
        const auto end = tz_js.find('"', pos + 1);
        if (end == std::string_view::npos) unreadable("unterminated zone name");
        out.m_zones.emplace_back(tz_js.substr(pos + 1, end - pos - 1));
        pos = end + 1;
        if (pos < tz_js.size() && tz_js[pos] == ',') ++pos;
    }
    if (pos >= tz_js.size() || tz_js[pos] != ']' || out.m_zones.empty()) unreadable("no zone list");
    if (out.m_tiles.size() < 2304 + 8) unreadable("tile string too short");
    return out;
}

const std::string& TimeZoneLookup::zone_at(double lat, double lon) const {
    static const std::string north_pole = "Etc/GMT";
    if (lat >= 90) return north_pole;
    const auto zones = static_cast<long long>(m_zones.size());
    const auto code = [&](long long at) -> long long {
        if (at < 0 || at + 1 >= static_cast<long long>(m_tiles.size())) unreadable("tile index out of range");
        return 56LL * static_cast<unsigned char>(m_tiles[at]) + static_cast<unsigned char>(m_tiles[at + 1]) - 1995;
    };
    double x = 48.0 * (180.0 + lon) / 360.00000000000006, y = 24.0 * (90.0 - lat) / 180.00000000000003;
    auto u = static_cast<long long>(x), v = static_cast<long long>(y);
    long long node = code(96 * v + 2 * u), parent = -1;
    while (node + zones < node_count_limit) { // an inner node: descend into the quadrant of the point
        parent = parent + node + 1;
        y = std::fmod(2 * (y - static_cast<double>(v)), 2.0), v = static_cast<long long>(y);
        x = std::fmod(2 * (x - static_cast<double>(u)), 2.0), u = static_cast<long long>(x);
        node = code(8 * parent + 4 * v + 2 * u + 2304);
    }
    const long long zone_idx = node + zones - node_count_limit;
    if (zone_idx < 0 || zone_idx >= zones) unreadable("zone index out of range");
    return m_zones[static_cast<std::size_t>(zone_idx)];
}

const TimeZoneLookup& installed_time_zones() {
    static std::mutex mutex;
    static std::optional<TimeZoneLookup> lookup;
    const std::lock_guard lock(mutex);
    if (lookup) return *lookup;
    const char* env = std::getenv("FURROW_TZ_DATA");
    const std::string path = env != nullptr && *env != '\0' ? env : FURROW_TZ_DATA_DEFAULT;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::unavailable, fmt::format("time zones: no boundary data at {} (scripts/install-deps.sh "
                                                        "installs it; FURROW_TZ_DATA names another copy)", path));
    std::stringstream text;
    text << in.rdbuf();
    lookup = TimeZoneLookup::parse(text.str());
    return *lookup;
}

} // namespace furrow::geo
