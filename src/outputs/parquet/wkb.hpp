#pragma once
// Well-Known Binary geometries (OGC Simple Features 06-103r4 §8.2), little-endian, 2D: what
// GeoParquet's "WKB" encoding stores in the geometry column.
#include <span>
#include <string>
#include <utility>

namespace furrow::outputs::parquet {

using Position = std::pair<double, double>; // (x, y) = (lon, lat)

// 21 bytes: byte order, type 1, x, y.
void append_wkb_point(std::string& out, double x, double y);
// One exterior ring, no holes. The ring is closed here if its last position is not its first.
void append_wkb_polygon(std::string& out, std::span<const Position> ring);

} // namespace furrow::outputs::parquet
