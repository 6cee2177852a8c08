#pragma once
// The ground a machine worked to arrive at a point: a rectangle `width_m` across the heading and
// `distance_m` along it, whose front edge is centred on the point (the machine logs where it is
// after covering the step, so the swath lies behind it). Built in the point's local east/north
// plane in metres, then turned into degrees with the WGS84 radii of curvature at the rectangle's
// centre: for swaths of metres its area (in an equal-area projection) is width x distance to
// about 1e-9, and its front edge passes through the point to within micrometres.
#include <array>
#include <utility>

namespace furrow::geo {

// Closed ring (5 positions, first = last) of (lon, lat), counter-clockwise as GeoJSON (RFC 7946
// §3.1.6) and GeoParquet's "counterclockwise" orientation want: front-left, back-left,
// back-right, front-right. heading_deg: clockwise from north. Needs |lat| < 90.
using SwathRing = std::array<std::pair<double, double>, 5>;
SwathRing swath_polygon(double lon, double lat, double heading_deg, double width_m, double distance_m);

} // namespace furrow::geo
