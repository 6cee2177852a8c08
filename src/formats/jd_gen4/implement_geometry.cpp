#include "formats/jd_gen4/implement_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>

namespace furrow::formats::jd_gen4 {
namespace {

constexpr double wgs84_a = 6'378'137.0;            // WGS84 semi-major axis, m
constexpr double wgs84_e2 = 6.69437999014e-3;       // WGS84 first eccentricity squared
constexpr double to_rad = std::numbers::pi / 180;
constexpr std::int64_t same_sample_ms = 20;   // swath and track samples share their time deltas
constexpr double min_motion_m = 0.1;          // below this between samples, motion says no heading

// Metres per radian east (prime vertical radius x cos lat) and north (meridian radius) on the
// WGS84 ellipsoid: a sphere makes a 9.144 m header 9.12 m wide at 42 degrees north.
double east_radius(double lat_deg) {
    const double s = std::sin(lat_deg * to_rad);
    return wgs84_a / std::sqrt(1 - wgs84_e2 * s * s) * std::cos(lat_deg * to_rad);
}
double north_radius(double lat_deg) {
    const double s = std::sin(lat_deg * to_rad);
    return wgs84_a * (1 - wgs84_e2) / std::pow(1 - wgs84_e2 * s * s, 1.5);
}

// East and north metres from (lat0, lon0) to (lat, lon); exact enough over a few metres.
void local_metres(double lat0, double lon0, double lat, double lon, double& east, double& north) {
    east = (lon - lon0) * to_rad * east_radius(lat0);
    north = (lat - lat0) * to_rad * north_radius(lat0);
}

double bearing_deg(double east, double north) {
    const double b = std::atan2(east, north) / to_rad;
    return b < 0 ? b + 360 : b;
}

// For each track sample, the index of the swath sample at the same time, or -1.
std::vector<std::ptrdiff_t> match_swath(const FileLog& log) {
    std::vector<std::ptrdiff_t> out(log.track.size(), -1);
    std::size_t at = 0;
    for (std::size_t i = 0; i < log.track.size(); ++i) {
        const auto t = log.track[i].time_ms;
        while (at < log.swath.size() && log.swath[at].time_ms < t - same_sample_ms) ++at;
        if (at < log.swath.size() && std::llabs(log.swath[at].time_ms - t) <= same_sample_ms)
            out[i] = static_cast<std::ptrdiff_t>(at);
    }
    return out;
}

// The swath's first end is on the left: heading = bearing(first -> second end) - 90 degrees
// (checked on north and south passes of the samples: the first end is west going north).
double swath_heading(const SwathSample& s) {
    double east = 0, north = 0;
    local_metres(s.lat1, s.lon1, s.lat2, s.lon2, east, north);
    return std::fmod(bearing_deg(east, north) + 270, 360);
}

std::vector<double> headings_of(const FileLog& log, const std::vector<std::ptrdiff_t>& swath_of) {
    const double unknown = std::nan("");
    std::vector<double> h(log.track.size(), unknown);
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (swath_of[i] >= 0) {
            h[i] = swath_heading(log.swath[static_cast<std::size_t>(swath_of[i])]);
            continue;
        }
        if (i == 0) continue;
        double east = 0, north = 0;
        local_metres(log.track[i - 1].lat, log.track[i - 1].lon, log.track[i].lat, log.track[i].lon, east, north);
        if (std::hypot(east, north) >= min_motion_m) h[i] = bearing_deg(east, north);
    }
    // Standing still keeps the last heading (the first known one before any).
    double last = unknown;
    for (auto& v : h) {
        if (std::isnan(v)) v = last;
        else last = v;
    }
    last = unknown;
    for (std::size_t i = h.size(); i-- > 0;) {
        if (std::isnan(h[i])) h[i] = last;
        else last = h[i];
    }
    return h;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

BodyOffset measured_offset(const FileLog& log, const std::vector<std::ptrdiff_t>& swath_of, const std::vector<double>& headings) {
    std::vector<double> forward, right;
    for (std::size_t i = 0; i < log.track.size(); ++i) {
        if (swath_of[i] < 0 || std::isnan(headings[i])) continue;
        const auto& s = log.swath[static_cast<std::size_t>(swath_of[i])];
        double east = 0, north = 0;
        local_metres(log.track[i].lat, log.track[i].lon, (s.lat1 + s.lat2) / 2, (s.lon1 + s.lon2) / 2, east, north);
        const double a = headings[i] * to_rad;
        forward.push_back(east * std::sin(a) + north * std::cos(a));
        right.push_back(east * std::cos(a) - north * std::sin(a));
    }
    if (forward.empty()) return {};
    return {median(forward), median(right), true};
}

std::vector<ImplementPoint> implement_points(const FileLog& log) {
    const auto swath_of = match_swath(log);
    const auto headings = headings_of(log, swath_of);
    const auto offset = measured_offset(log, swath_of, headings);
    std::vector<ImplementPoint> out(log.track.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto& p = out[i];
        const auto& r = log.track[i];
        p.heading_deg = headings[i];
        if (swath_of[i] >= 0) {
            const auto& s = log.swath[static_cast<std::size_t>(swath_of[i])];
            p.lat = (s.lat1 + s.lat2) / 2;
            p.lon = (s.lon1 + s.lon2) / 2;
            double east = 0, north = 0;
            local_metres(s.lat1, s.lon1, s.lat2, s.lon2, east, north);
            p.width_m = std::hypot(east, north);
            p.working = true;
            continue;
        }
        p.lat = r.lat;
        p.lon = r.lon;
        if (!offset.known || std::isnan(p.heading_deg)) continue;
        const double a = p.heading_deg * to_rad;
        const double east = offset.forward_m * std::sin(a) + offset.right_m * std::cos(a);
        const double north = offset.forward_m * std::cos(a) - offset.right_m * std::sin(a);
        p.lat = r.lat + north / north_radius(r.lat) / to_rad;
        p.lon = r.lon + east / east_radius(r.lat) / to_rad;
    }
    return out;
}

} // namespace furrow::formats::jd_gen4
