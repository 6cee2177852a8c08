#include "geo/coverage.hpp"

#include "geo/geos_polygons.hpp"
#include "geo/outline_simplify.hpp"
#include "geo/raster_outline.hpp"
#include "geo/swath_raster.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace furrow::geo {
namespace {

constexpr double earth_radius = 6371008.8;
constexpr double deg = M_PI / 180;

// Local plane around the data's centre: metres east/north. Over a field (a few km) the error of
// this projection is far below the 1 % the area is checked to; the final area is geodesic anyway.
struct LocalPlane {
    double lon0, lat0, cos_lat0;
    XY forward(double lon, double lat) const {
        return {(lon - lon0) * deg * earth_radius * cos_lat0, (lat - lat0) * deg * earth_radius};
    }
    std::pair<double, double> inverse(double x, double y) const {
        return {lon0 + x / (earth_radius * cos_lat0) / deg, lat0 + y / earth_radius / deg};
    }
};

// A working segment: previous point -> this point, as wide as this point's width.
struct Segment {
    XY a, b;
    double half_width;
    bool joins_next; // the next segment continues this one at the same width: a round join
};

std::vector<Segment> segments_of(const std::vector<PassPoint>& points, const LocalPlane& plane) {
    std::vector<XY> xy(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) xy[i] = plane.forward(points[i].lon, points[i].lat);
    auto is_segment = [&](std::size_t i) {
        return i < points.size() && points[i].working && points[i].width_m > 0 && !points[i].new_pass;
    };
    std::vector<Segment> out;
    for (std::size_t i = 1; i < points.size(); ++i) {
        if (!is_segment(i)) continue;
        const bool joins = is_segment(i + 1) && points[i + 1].width_m == points[i].width_m;
        out.push_back({xy[i - 1], xy[i], points[i].width_m / 2, joins});
    }
    return out;
}

// Row height: a quarter of the median width, so a band of that width spans whole rows (its two
// horizontal edges' errors cancel); coarser when the extent or the work would need too many rows.
double row_height(const std::vector<Segment>& segments, double extent_m) {
    std::vector<double> widths;
    double swept = 0; // sum of the rows each piece touches, in metres of height
    for (const auto& s : segments) {
        widths.push_back(2 * s.half_width);
        swept += std::fabs(s.b.y - s.a.y) + 2 * s.half_width * (s.joins_next ? 2 : 1); // + the join
    }
    std::nth_element(widths.begin(), widths.begin() + static_cast<long>(widths.size() / 2), widths.end());
    const double width = widths[widths.size() / 2];
    constexpr double max_rows = 1 << 18;      // row vectors: ~6 MB
    constexpr double max_intervals = 1 << 26; // intervals added in all: bounded time
    const double finest = std::max(extent_m / max_rows, swept / max_intervals);
    const double per_width = std::floor(width / finest);
    return per_width >= 1 ? width / std::min(4.0, per_width) : finest;
}

// The round join between two segments: the sector on the outer side of the turn, from one
// segment's side to the next one's (GEOS's round join), as a convex polygon with arc pieces of at
// most 11.25° (GEOS draws 8 per quarter circle too).
void add_join(SwathRaster& raster, XY centre, XY in, XY out, double radius) {
    const double turn = std::atan2(in.x * out.y - in.y * out.x, in.x * out.x + in.y * out.y);
    if (std::fabs(turn) < 1e-9) return;
    const XY side = turn > 0 ? XY{in.y, -in.x} : XY{-in.y, in.x}; // right of a left turn, or left
    const int pieces = static_cast<int>(std::ceil(std::fabs(turn) / (M_PI / 16)));
    std::vector<XY> sector{centre};
    for (int i = 0; i <= pieces; ++i) {
        const double a = turn * i / pieces, c = std::cos(a), s = std::sin(a);
        sector.push_back({centre.x + radius * (side.x * c - side.y * s), centre.y + radius * (side.x * s + side.y * c)});
    }
    raster.add_convex(sector);
}

SwathRaster rasterise(const std::vector<Segment>& segments) {
    double lo = INFINITY, hi = -INFINITY, left = INFINITY, right = -INFINITY, reach = 0;
    for (const auto& s : segments)
        for (const XY& p : {s.a, s.b}) {
            lo = std::min(lo, p.y), hi = std::max(hi, p.y), left = std::min(left, p.x), right = std::max(right, p.x);
            reach = std::max(reach, s.half_width);
        }
    const double row = row_height(segments, std::max(hi - lo, right - left) + 2 * reach);
    const double y0 = lo - reach - row;
    SwathRaster raster(y0, row, static_cast<std::size_t>(std::ceil((hi + reach + row - y0) / row)) + 1);
    std::optional<XY> incoming; // direction of the segment that joins the next one, if any
    for (const auto& s : segments) {
        const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y, length = std::hypot(dx, dy);
        if (length == 0) { // a repeated point: the join skips it, as GEOS drops repeated points
            if (!s.joins_next) incoming.reset();
            continue;
        }
        const XY d{dx / length, dy / length};
        const double nx = -d.y * s.half_width, ny = d.x * s.half_width;
        raster.add_convex({{s.a.x + nx, s.a.y + ny}, {s.b.x + nx, s.b.y + ny},
                           {s.b.x - nx, s.b.y - ny}, {s.a.x - nx, s.a.y - ny}});
        if (incoming) add_join(raster, s.a, *incoming, d, s.half_width);
        incoming = s.joins_next ? std::optional<XY>(d) : std::nullopt;
    }
    raster.finish();
    return raster;
}

Ring to_lonlat(const LocalPlane& plane, const std::vector<XY>& ring) {
    Ring out;
    out.reserve(ring.size() + 1);
    for (const XY& p : ring) out.push_back(plane.inverse(p.x, p.y));
    if (!out.empty()) out.push_back(out.front()); // GeoJSON rings are closed
    return out;
}

// The traced outline in the local plane, with the plane and the raster's row height.
struct PlaneCoverage {
    LocalPlane plane{};
    std::vector<detail::PlanePolygon> outline;
    double row_m = 0;
};

PlaneCoverage plane_coverage(const std::vector<PassPoint>& points) {
    if (points.size() < 2) return {};
    double lon_sum = 0, lat_sum = 0;
    for (const auto& p : points) {
        lon_sum += p.lon;
        lat_sum += p.lat;
    }
    const double lat0 = lat_sum / static_cast<double>(points.size());
    PlaneCoverage out;
    out.plane = {lon_sum / static_cast<double>(points.size()), lat0, std::cos(lat0 * deg)};
    const auto segments = segments_of(points, out.plane);
    if (segments.empty()) return out;
    const SwathRaster raster = rasterise(segments);
    out.outline = detail::outline(raster);
    out.row_m = raster.row_height();
    return out;
}

std::vector<Polygon> to_lonlat(const LocalPlane& plane, const std::vector<detail::PlanePolygon>& polygons) {
    std::vector<Polygon> out;
    for (const auto& p : polygons) {
        Polygon polygon{to_lonlat(plane, p.outer), {}};
        for (const auto& hole : p.holes) polygon.holes.push_back(to_lonlat(plane, hole));
        out.push_back(std::move(polygon));
    }
    return out;
}

// The plane polygons in lon/lat on a grid of `grid` degrees, still valid (geo/geos_polygons.hpp):
// API answers write coordinates with a fixed number of decimals, and rounding vertex by vertex can
// make two rings that came within a grid cell touch along an edge.
std::vector<Polygon> to_lonlat_on_grid(const LocalPlane& plane, const std::vector<detail::PlanePolygon>& polygons,
                                       double grid) {
    auto lonlat_ring = [&](const std::vector<XY>& ring) {
        std::vector<XY> out;
        out.reserve(ring.size());
        for (const XY& p : ring) {
            const auto [lon, lat] = plane.inverse(p.x, p.y);
            out.push_back({lon, lat});
        }
        return out;
    };
    std::vector<detail::PlanePolygon> lonlat;
    for (const auto& p : polygons) {
        detail::PlanePolygon q{lonlat_ring(p.outer), {}};
        for (const auto& hole : p.holes) q.holes.push_back(lonlat_ring(hole));
        lonlat.push_back(std::move(q));
    }
    detail::snap_to_grid(lonlat, grid);
    auto closed_ring = [](const std::vector<XY>& ring) {
        Ring out;
        out.reserve(ring.size() + 1);
        for (const XY& p : ring) out.emplace_back(p.x, p.y);
        if (!out.empty()) out.push_back(out.front()); // GeoJSON rings are closed
        return out;
    };
    std::vector<Polygon> out;
    for (const auto& p : lonlat) {
        Polygon polygon{closed_ring(p.outer), {}};
        for (const auto& hole : p.holes) polygon.holes.push_back(closed_ring(hole));
        out.push_back(std::move(polygon));
    }
    return out;
}

} // namespace

std::vector<Polygon> coverage(const std::vector<PassPoint>& points) {
    const auto covered = plane_coverage(points);
    return to_lonlat(covered.plane, covered.outline);
}

CoverageOutlines coverage_outlines(const std::vector<PassPoint>& points, std::size_t max_vertices) {
    const auto covered = plane_coverage(points);
    CoverageOutlines out;
    out.full = to_lonlat(covered.plane, covered.outline);
    if (covered.outline.empty()) return out;
    auto simplified = simplify_outline(covered.outline, covered.row_m, max_vertices);
    out.simplified = to_lonlat_on_grid(covered.plane, simplified.polygons, simplified_grid_degrees);
    out.tolerance_m = simplified.tolerance_m;
    return out;
}

double area_m2(const std::vector<Polygon>& polygons) {
    double total = 0;
    for (const auto& p : polygons) total += polygon_area_m2(p.outer, p.holes);
    return total;
}

} // namespace furrow::geo
