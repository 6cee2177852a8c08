#pragma once
// The outputs a file's configuration asks for beyond the standard points (docs/OUTPUTS.md):
// filteredGeojson, the images (images, imagesV2, geotiffImages) and zippedPNGs. Each function
// writes its blobs under files/{id}/ and returns what the file's `artifacts` record keeps for the
// endpoints: blob keys plus legends and extents.
#include "pipeline/context.hpp"
#include "schema/machine_data.hpp"
#include "schema/unit_systems.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace furrow::pipeline {

// Cleans the standard points (pipeline/cleaning) with the configuration's cleaningFilters and
// outlier keys; keeps the result in `filtered`. Throws Error(invalid_input, "no points passed the
// filter") when nothing is left. `filtered` stays canonical; the blob is written in `units`.
// Returns {blob, points, report}.
nlohmann::json make_filtered_geojson(Context& ctx, const std::string& file_id, const schema::MachineData& standard,
                                     const nlohmann::json& configuration, const std::string& crop,
                                     std::optional<schema::MachineData>& filtered, schema::UnitSystem units);

// images (v1) from the standard points; imagesV2 and, when asked, geotiffImages from the filtered
// points (the standard ones when filtering failed or is off), for the properties that the
// configuration's `attribute_key` (filesImageAttributeCreation, or operationsImageAttributeCreation
// for an operation's result) selects for the operation type (all when it selects none).
// Returns {images: [...], imagesV2: [...], geotiffImages: [...]}.
nlohmann::json make_images(Context& ctx, const std::string& file_id, const schema::MachineData& standard,
                           const schema::MachineData* filtered, const nlohmann::json& configuration, bool geotiffs,
                           const std::string& attribute_key = "filesImageAttributeCreation");

// One zip of every PNG (v1 and V2) with its .aux.xml. Returns {blob}.
nlohmann::json make_zipped_pngs(Context& ctx, const std::string& file_id, const nlohmann::json& images);

// Every blob key named in an artifacts record ("blob" and "aux" members at any depth).
std::vector<std::string> artifact_blob_keys(const nlohmann::json& artifacts);

} // namespace furrow::pipeline
