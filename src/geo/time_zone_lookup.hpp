#pragma once
// Which IANA time zone a position lies in, offline: the boundaries of timezone-boundary-builder as
// npm @photostructure/tz-lookup (CC0) compresses them into its tz.js - a tile string and a list of
// zone names - installed by scripts/install-deps.sh (third_party/tz-lookup) and read once at first
// use. No network at run time. The lookup below is that package's own algorithm: 48 x 24 tiles of
// 7.5 degrees, each a zone or four sub-tiles, to the package's resolution.
#include <string>
#include <string_view>
#include <vector>

namespace furrow::geo {

class TimeZoneLookup {
public:
    // `tz_js` is the text of tz.js; throws Error(unavailable) when it is not the layout this code
    // reads (another major version of the package).
    static TimeZoneLookup parse(std::string_view tz_js);

    // lat in [-90, 90], lon in [-180, 180] (callers pass valid positions): "America/Chicago";
    // oceans give "Etc/GMT+6"-style zones.
    const std::string& zone_at(double lat, double lon) const;
    std::size_t zone_count() const { return m_zones.size(); }

private:
    std::string m_tiles;
    std::vector<std::string> m_zones;
};

// The installed data: FURROW_TZ_DATA (a tz.js path) or the build's third_party copy, loaded at first
// use. Throws Error(unavailable) naming the path when it is missing or unreadable.
const TimeZoneLookup& installed_time_zones();

} // namespace furrow::geo
