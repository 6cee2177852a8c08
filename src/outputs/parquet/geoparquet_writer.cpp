#include "outputs/parquet/geoparquet_writer.hpp"

#include "geo/swath_polygon.hpp"
#include "outputs/parquet/geoparquet_table.hpp"
#include "outputs/parquet/wkb.hpp"
#include "schema/unit_systems.hpp"

#include <cmath>

namespace furrow::outputs {
namespace {

using parquet::detail::Bbox;

bool positive(double v) { return std::isfinite(v) && v > 0; }

} // namespace

void write_points_geoparquet(const schema::MachineData& data, const GeoparquetOptions& options,
                             const std::filesystem::path& out) {
    const auto& t = data.points;
    const parquet::detail::GeometrySpec points{
        .type = "Point",
        .counterclockwise = false,
        .geometry = [&t](std::size_t point_idx, std::string& wkb, Bbox& bbox) {
            parquet::append_wkb_point(wkb, t.lon()[point_idx], t.lat()[point_idx]);
            bbox.add(t.lon()[point_idx], t.lat()[point_idx]);
            return true;
        }};
    parquet::detail::write_geoparquet_table(data, {.crop = options.crop, .row_group_rows = options.row_group_rows},
                                            points, out);
}

SwathPolygonCounts write_swath_polygons_geoparquet(const schema::MachineData& data, const GeoparquetOptions& options,
                                                   const std::filesystem::path& out) {
    const auto& t = data.points;
    const auto width = schema::canonical_values(t, schema::PropertyId::equipment_width);
    const auto heading = schema::canonical_values(t, schema::PropertyId::heading);
    const auto distance = schema::canonical_values(t, schema::PropertyId::distance);
    const parquet::detail::GeometrySpec polygons{
        .type = "Polygon",
        .counterclockwise = true,
        .geometry = [&](std::size_t point_idx, std::string& wkb, Bbox& bbox) {
            if (width.empty() || heading.empty() || distance.empty()) return false;
            const double w = width[point_idx], h = heading[point_idx], d = distance[point_idx];
            if (!positive(w) || !positive(d) || !std::isfinite(h)) return false;
            const auto ring = geo::swath_polygon(t.lon()[point_idx], t.lat()[point_idx], h, w, d);
            parquet::append_wkb_polygon(wkb, ring);
            for (const auto& [x, y] : ring) bbox.add(x, y);
            return true;
        }};
    SwathPolygonCounts counts;
    counts.polygons = parquet::detail::write_geoparquet_table(
        data, {.crop = options.crop, .row_group_rows = options.row_group_rows}, polygons, out);
    counts.left_out = t.size() - counts.polygons;
    return counts;
}

} // namespace furrow::outputs
