#pragma once
// A machine file's standard points as furrow keeps them for itself: a flat binary of the columns
// (not a public format). Field operations and merged files are built from these, so merging N
// files never re-reads N uploads or parses N GeoJSON files. Written once per processed file.
//
// Layout, little-endian: "FRWPTS01", u64 points, u32 columns, f64 lon[n], f64 lat[n],
// i64 time[n], then per column: u16 key length, key, u16 unit length, unit name, f64 values[n]
// (product rate columns too, keyed "product:<name>");
// then u32 length + the source information as JSON text.
#include "schema/machine_data.hpp"

#include <filesystem>

namespace furrow::schema {

void write_points_binary(const MachineData& data, const std::filesystem::path& out);
// Throws Error(internal) when the file is missing, truncated or names an unknown property/unit.
MachineData read_points_binary(const std::filesystem::path& in);
// The point count from the header alone (a merge reserves its columns once).
std::uint64_t read_points_count(const std::filesystem::path& in);

// One point of a stored file without reading the others (a click on a map of a million points reads a
// few hundred bytes, not 100 MB): `count` is the file's point count; `point` holds the point at `index`
// with every column, or nothing when index >= count. Throws like read_points_binary.
struct StoredPoint {
    std::size_t count = 0;
    PointTable point;
};
StoredPoint read_point_binary(const std::filesystem::path& in, std::size_t index);

// SourceInfo as JSON and back (what a merged result says about its sources).
nlohmann::json source_info_json(const SourceInfo& source);
SourceInfo source_info_from_json(const nlohmann::json& json);

} // namespace furrow::schema
