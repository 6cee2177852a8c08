#include "pipeline/catalogue.hpp"

#include "core/error.hpp"
#include "pipeline/output_writers.hpp"

#include <algorithm>

namespace furrow::pipeline {
namespace {

using A = OutputAnswer;
using R = OutputReads;
using S = StepId;

// In pipeline order: GET /files/{id}/status lists them so (files-v3.md "Get file status").
constexpr std::array<StepInfo, 9> step_list = {{
    {S::original_file, "originalFile", StepFor::uploads},
    {S::raw_geojson, "rawGeojson", StepFor::uploads},
    {S::merge_files, "mergeFiles", StepFor::derived},
    {S::standard_geojson, "standardGeojson", StepFor::every_file},
    {S::filtered_geojson, "filteredGeojson", StepFor::every_file, true, "operationsFilteredGeojson"},
    {S::summary, "summary", StepFor::every_file},
    {S::units, "units", StepFor::every_file},
    {S::properties_pngs, "propertiesPNGs", StepFor::every_file, true, "operationsImageCreation"},
    {S::zipped_pngs, "zippedPNGs", StepFor::every_file, true, "operationsImageCreation", S::properties_pngs},
}};

// Every output furrow makes. Configuration keys: docs/CONFIGURATIONS.md; shapes: docs/OUTPUTS.md.
constexpr std::array<OutputInfo, 13> output_list = {{
    {.name = "originalFile", .step = S::original_file, .enabled_by = {}, .media_type = "application/zip",
     .file_name = "original.zip", .reads = R::upload_entries, .write = write_original_zip, .answer = A::file_record,
     .linked_from_file = true, .download_suffix = ".zip", .record = FileRecord::original},
    {.name = "rawGeojson", .step = S::raw_geojson, .enabled_by = {}, .media_type = "application/geo+json",
     .file_name = "raw.geojson", .reads = R::read_points, .write = write_raw_geojson, .answer = A::file_record,
     .linked_from_file = true, .download_suffix = ".raw.geojson", .record = FileRecord::raw},
    {.name = "standardGeojson", .step = S::standard_geojson, .enabled_by = {}, .media_type = "application/geo+json",
     .file_name = "standard.geojson", .reads = R::standard_points, .write = write_standard_geojson,
     .answer = A::file_record, .linked_from_file = true, .download_suffix = ".geojson", .record = FileRecord::standard},
    {.name = "standardGeoparquet", .step = S::standard_geojson, .enabled_by = {"enableGeoparquetOutput"},
     .media_type = "application/vnd.apache.parquet", .file_name = "standard.parquet", .reads = R::standard_points,
     .write = write_points_geoparquet, .answer = A::link_pair, .operation_download_only = true},
    {.name = "polygonGeoparquet", .step = S::standard_geojson,
     .enabled_by = {"enableGeoparquetOutput", "enablePolygonOutput"}, .media_type = "application/vnd.apache.parquet",
     .file_name = "polygon.parquet", .reads = R::standard_points, .write = write_polygon_geoparquet,
     .answer = A::link_pair, .files_only = true},
    {.name = "filteredGeojson", .step = S::filtered_geojson, .enabled_by = {"operationsFilteredGeojson"},
     .media_type = "application/geo+json", .file_name = "filtered.geojson", .reads = R::filtered_points,
     .write = write_filtered_geojson, .answer = A::link_pair, .linked_from_file = true},
    {.name = "filteredGeoparquet", .step = S::filtered_geojson,
     .enabled_by = {"enableGeoparquetOutput", "operationsFilteredGeojson"},
     .media_type = "application/vnd.apache.parquet", .file_name = "filtered.parquet", .reads = R::filtered_points,
     .write = write_points_geoparquet, .answer = A::link_pair, .operation_download_only = true},
    {.name = "coverage", .step = S::summary, .enabled_by = {}, .media_type = "application/geo+json",
     .file_name = "coverage.geojson", .reads = R::summary, .write = write_coverage_geojson, .answer = A::download_only},
    {.name = "images", .step = S::properties_pngs, .enabled_by = {"operationsImageCreation"},
     .media_type = "image/png", .file_name = "image-", .reads = R::rendered_images, .write = store_images_v1,
     .answer = A::image_list, .image_fields = ImageFields::ramp},
    {.name = "imagesV2", .step = S::properties_pngs, .enabled_by = {"operationsImageCreation"},
     .media_type = "image/png", .file_name = "imageV2-", .reads = R::rendered_images, .write = store_images_v2,
     .answer = A::image_list, .image_fields = ImageFields::legend_and_extent},
    {.name = "geotiffImages", .step = S::properties_pngs,
     .enabled_by = {"operationsImageCreation", "operationsImageAsGeoTiff"}, .media_type = "image/tiff",
     .file_name = "geotiff-", .reads = R::rendered_images, .write = store_geotiffs, .answer = A::image_list},
    {.name = "zippedPNGs", .step = S::zipped_pngs, .enabled_by = {"operationsImageCreation"},
     .media_type = "application/zip", .file_name = "images.zip", .reads = R::image_blobs, .write = write_zipped_pngs,
     .answer = A::download_only, .linked_from_file = true},
    {.name = "outsideFieldGeojson", .step = std::nullopt, .enabled_by = {"enableOutsideFieldGeojson"},
     .media_type = "application/geo+json", .file_name = "outside.geojson", .reads = R::field_matching,
     .write = nullptr, .answer = A::download_only},
}};

constexpr std::string_view aux_suffix = ".aux.xml"; // a PNG's GIS sidecar (GDAL PAM)

} // namespace

const StepInfo& Catalogue::step(StepId id) const {
    for (const auto& s : steps)
        if (s.id == id) return s;
    throw Error(ErrorCode::internal, "catalogue: a step is missing from the step list");
}

const OutputInfo* Catalogue::find_output(std::string_view name) const {
    for (const auto& o : outputs)
        if (o.name == name) return &o;
    return nullptr;
}

const OutputInfo* Catalogue::output_of_file(std::string_view file_name) const {
    for (const auto& o : outputs) {
        if (o.answer == OutputAnswer::image_list ? file_name.starts_with(o.file_name) : file_name == o.file_name)
            return &o;
    }
    return nullptr;
}

std::vector<std::string> Catalogue::step_names(bool derived) const {
    std::vector<std::string> out;
    for (const auto& s : steps)
        if (s.runs_for == StepFor::every_file || (s.runs_for == StepFor::derived) == derived) out.emplace_back(s.name);
    return out;
}

const std::string& record_blob_key(const store::MachineFile& file, FileRecord record) {
    static const std::string none;
    switch (record) {
    case FileRecord::original: return file.original_blob_key;
    case FileRecord::raw: return file.raw_blob_key;
    case FileRecord::standard: return file.standard_blob_key;
    case FileRecord::none: break;
    }
    return none;
}

const Catalogue& catalogue() {
    static const Catalogue furrow_catalogue{step_list, output_list};
    return furrow_catalogue;
}

std::string_view output_disabled_by(const OutputInfo& output, const nlohmann::json& configuration) {
    for (const auto key : output.enabled_by)
        if (!key.empty() && configuration.at(std::string(key)) == false) return key;
    return {};
}

bool output_enabled(const OutputInfo& output, const nlohmann::json& configuration) {
    return output_disabled_by(output, configuration).empty();
}

nlohmann::json image_entry_fields(const OutputInfo& output, const nlohmann::json& stored) {
    nlohmann::json entry = {{"property", stored.at("property")}};
    if (output.image_fields == ImageFields::ramp) entry["ramp"] = stored.value("legend", nlohmann::json::object());
    if (output.image_fields == ImageFields::legend_and_extent) {
        entry["legend"] = stored.value("legend", nlohmann::json::object());
        entry["extent"] = stored.value("extent", nlohmann::json::object());
    }
    return entry;
}

std::string_view media_type_of_file(const Catalogue& catalogue, std::string_view file_name) {
    const OutputInfo* output = catalogue.output_of_file(file_name);
    if (output == nullptr) return "application/octet-stream";
    if (output->answer == OutputAnswer::image_list && file_name.ends_with(aux_suffix)) return "application/xml";
    return output->media_type;
}

} // namespace furrow::pipeline
