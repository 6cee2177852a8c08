#include "outputs/parquet/geoparquet_table.hpp"

#include "core/error.hpp"
#include "outputs/parquet/parquet_file_writer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace furrow::outputs::parquet::detail {
namespace {

constexpr const char* geometry_column = "geometry";

std::vector<ColumnSchema> table_schema(const schema::MachineData& data, const TableOptions& options) {
    std::vector<ColumnSchema> out{
        {"timestamp", PhysicalType::int64, false, LogicalKind::timestamp_millis_utc},
        {"operationType", PhysicalType::byte_array, false, LogicalKind::string},
    };
    if (!options.crop.empty()) out.push_back({"crop", PhysicalType::byte_array, false, LogicalKind::string});
    for (const auto& c : data.points.columns()) {
        const std::string key(schema::info(c.id).key);
        if (c.id == schema::PropertyId::recording_status)
            out.push_back({key, PhysicalType::byte_array, true, LogicalKind::string});
        else
            out.push_back({key, PhysicalType::double_, true, LogicalKind::none});
    }
    out.push_back({geometry_column, PhysicalType::byte_array, false, LogicalKind::none});
    return out;
}

// The row's values in schema order; the geometry (last column) is added by the caller.
void add_properties(std::vector<ColumnBuilder>& columns, const schema::MachineData& data,
                    const TableOptions& options, std::size_t point_idx) {
    std::size_t column_idx = 0;
    columns[column_idx++].add_int64(data.points.time()[point_idx]);
    columns[column_idx++].add_bytes(data.source.operation_type_name());
    if (!options.crop.empty()) columns[column_idx++].add_bytes(options.crop);
    for (const auto& c : data.points.columns()) {
        const double v = c.values[point_idx];
        auto& column = columns[column_idx++];
        // Non-finite values are missing, as in the GeoJSON, which leaves them out.
        if (!std::isfinite(v)) column.add_null();
        else if (c.id == schema::PropertyId::recording_status) column.add_bytes(v >= 0.5 ? "On" : "Off");
        else column.add_double(v);
    }
}

std::string geo_metadata(const GeometrySpec& geometry, const Bbox& bbox) {
    nlohmann::json column = {{"encoding", "WKB"}, {"geometry_types", {geometry.type}}};
    if (geometry.counterclockwise) column["orientation"] = "counterclockwise";
    // No "crs": GeoParquet's default is OGC:CRS84 (WGS84, lon/lat), which furrow's points are.
    if (!bbox.empty()) column["bbox"] = {bbox.min_x, bbox.min_y, bbox.max_x, bbox.max_y};
    const nlohmann::json geo = {
        {"version", "1.1.0"}, {"primary_column", geometry_column}, {"columns", {{geometry_column, column}}}};
    return geo.dump();
}

} // namespace

void Bbox::add(double x, double y) {
    min_x = std::min(min_x, x);
    min_y = std::min(min_y, y);
    max_x = std::max(max_x, x);
    max_y = std::max(max_y, y);
}

std::size_t write_geoparquet_table(const schema::MachineData& data, const TableOptions& options,
                                   const GeometrySpec& geometry, const std::filesystem::path& out) {
    if (options.row_group_rows == 0) throw Error(ErrorCode::internal, "geoparquet: row groups need at least one row");
    ParquetFileWriter writer(out, table_schema(data, options));
    auto& columns = writer.columns();
    Bbox bbox;
    std::string wkb;
    std::size_t rows = 0;
    for (std::size_t point_idx = 0; point_idx < data.points.size(); ++point_idx) {
        wkb.clear();
        if (!geometry.geometry(point_idx, wkb, bbox)) continue;
        add_properties(columns, data, options, point_idx);
        columns.back().add_bytes(wkb);
        if (++rows % options.row_group_rows == 0) writer.flush_row_group();
    }
    writer.close({{"geo", geo_metadata(geometry, bbox)}});
    return rows;
}

} // namespace furrow::outputs::parquet::detail
