#pragma once
// What the two GeoParquet outputs share: the same columns as the standard GeoJSON's properties
// (timestamp, operationType, crop when set, every column under its Leaf key, recordingStatus as
// "On"/"Off"), a WKB geometry column chosen per row by the caller, row groups of bounded size,
// and the GeoParquet 1.1 "geo" metadata (geoparquet.org/releases/v1.1.0/schema.json).
#include "schema/machine_data.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>

namespace furrow::outputs::parquet::detail {

struct Bbox {
    double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
    double max_x = -std::numeric_limits<double>::infinity(), max_y = max_x;
    void add(double x, double y);
    bool empty() const { return min_x > max_x; }
};

struct GeometrySpec {
    std::string type;        // GeoParquet geometry_types entry: "Point", "Polygon"
    bool counterclockwise;   // exterior rings are counter-clockwise (declared as "orientation")
    // Appends point `point_idx`'s WKB to `wkb` and widens `bbox`; false leaves the point out.
    std::function<bool(std::size_t point_idx, std::string& wkb, Bbox& bbox)> geometry;
};

struct TableOptions {
    std::string crop;               // a "crop" column when set
    std::size_t row_group_rows;     // rows per row group
};

// Returns the number of rows written.
std::size_t write_geoparquet_table(const schema::MachineData& data, const TableOptions& options,
                                   const GeometrySpec& geometry, const std::filesystem::path& out);

} // namespace furrow::outputs::parquet::detail
