#pragma once
// What `furrow convert` leaves of a machine file the local pipeline processed: its outputs as files
// under the catalogue's names (standard.geojson, filtered.geojson, imageV2-yield.png ...), listings of
// the image outputs, summary/units/status as JSON, and the JSON line it prints.
#include "app/local_pipeline.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace furrow::app {

// Moves the file's outputs out of the local store into `dir` (created) and returns its line:
// {name, format, part, status, message?, standard_points, output, steps, steps_ms, filtered?, images?,
// imagesV2?, geotiffImages?, polygons?, polygons_left_out?} (docs/OUTPUTS.md "furrow convert").
nlohmann::json export_file(store::BlobStore& blobs, const LocalFile& local, const std::filesystem::path& dir);

} // namespace furrow::app
