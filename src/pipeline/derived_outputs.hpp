#pragma once
// The work of the filteredGeojson and propertiesPNGs steps before their outputs are written: the
// cleaning and the rendering (the outputs themselves: catalogue.cpp, output_writers.cpp).
#include "outputs/raster/render_images.hpp"
#include "pipeline/context.hpp"
#include "schema/machine_data.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace furrow::pipeline {

// What the filteredGeojson step kept: written with its output, shown in the summary.
struct CleaningOutcome {
    std::size_t kept_points = 0;
    nlohmann::json report; // cleaning::CleaningResult::report(): what each filter removed
};

struct Cleaned {
    schema::MachineData points; // canonical units, as the standard points
    CleaningOutcome outcome;
};

// Cleans the standard points (pipeline/cleaning) with the configuration's cleaningFilters and
// outlier keys. Throws Error(invalid_input, "no points passed the filter") when nothing is left.
Cleaned clean_standard_points(const schema::MachineData& standard, const nlohmann::json& configuration);

// A scratch directory in the blob store's staging area, removed whatever happens.
class ScratchDir {
public:
    explicit ScratchDir(Context& ctx);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// Renders into `scratch`: images (v1) from the standard points; imagesV2 and, when `geotiffs`,
// GeoTIFFs from the filtered points (the standard ones when filtering failed or is off), for the
// properties that the configuration's `attribute_key` (filesImageAttributeCreation, or
// operationsImageAttributeCreation for an operation's result) selects for the operation type (all
// when it selects none).
outputs::RenderedImages render_file_images(const ScratchDir& scratch, const schema::MachineData& standard,
                                           const schema::MachineData* filtered, const nlohmann::json& configuration,
                                           bool geotiffs, const std::string& attribute_key);

// Every blob key named in an artifacts record ("blob" and "aux" members at any depth).
std::vector<std::string> artifact_blob_keys(const nlohmann::json& artifacts);

} // namespace furrow::pipeline
