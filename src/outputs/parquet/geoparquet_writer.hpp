#pragma once
// furrow's GeoParquet outputs (GeoParquet 1.1, docs/SCHEMA.md "GeoParquet"), written straight to
// a file in row groups, so memory stays bounded by one row group whatever the point count:
// - standard points: the rows and properties of the standard GeoJSON, geometry WKB Point;
// - swath polygons (Leaf's `polygonGeoparquet`): each point's swath rectangle (geo/swath_polygon)
//   from equipmentWidth, heading and distance, geometry WKB Polygon.
#include "schema/machine_data.hpp"

#include <cstddef>
#include <filesystem>
#include <string>

namespace furrow::outputs {

struct GeoparquetOptions {
    std::string crop;                   // a "crop" column when set (as the standard GeoJSON)
    std::size_t row_group_rows = 65536; // bounds the memory of one row group (~a few MB)
};

void write_points_geoparquet(const schema::MachineData& data, const GeoparquetOptions& options,
                             const std::filesystem::path& out);

struct SwathPolygonCounts {
    std::size_t polygons = 0;
    // Points without a finite, positive equipmentWidth and distance and a finite heading.
    std::size_t left_out = 0;
};

SwathPolygonCounts write_swath_polygons_geoparquet(const schema::MachineData& data, const GeoparquetOptions& options,
                                                   const std::filesystem::path& out);

} // namespace furrow::outputs
