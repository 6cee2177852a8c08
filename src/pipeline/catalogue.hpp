#pragma once
// THE lists of a machine file's pipeline steps and of the outputs they make, in the style of the
// format registry (formats/registry.cpp): values in one literal list each, read by everything that
// needs to know them — the pipeline (process_file.cpp: which step runs, which writers it calls),
// GET /files/{id}/status (the steps, in order), the API's output routes, the file object's links,
// the download route's media types and the configuration keys' effects.
//
// Adding an output = one entry in output_catalogue() (catalogue.cpp) + its writer
// (output_writers.hpp). Nothing else changes; catalogue_test.cpp proves it with a fake output.
#include "pipeline/context.hpp"
#include "pipeline/summarize.hpp"
#include "schema/machine_data.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace furrow::outputs {
struct RenderedImages;
}

namespace furrow::pipeline {

enum class StepId {
    original_file,
    raw_geojson,
    merge_files,
    standard_geojson,
    filtered_geojson,
    summary,
    units,
    properties_pngs,
    zipped_pngs,
};

// Which files a step runs for: an upload reads its data set; a derived file (merged, automerged)
// merges its sources' stored points instead.
enum class StepFor { uploads, derived, every_file };

struct StepInfo {
    StepId id;
    std::string_view name; // as GET /files/{id}/status names it (Leaf's step names)
    StepFor runs_for;
    // A failure of an optional step fails only that step: the file goes on without its outputs
    // (images fall back to the standard points when filtering failed).
    bool optional = false;
    std::string_view enabled_by = {};  // configuration key that turns it on; "" = always runs
    std::optional<StepId> needs = {};  // reads that step's outputs: skipped when it failed
};

// How the API answers for an output.
enum class OutputAnswer {
    file_record,   // its blob key is a column of the file: GET {file}/{name} is the download itself
    link_pair,     // GET {file}/{name} → {name: url, download<Name>: signed url}
    image_list,    // GET {file}/{name} → [{property, ..., url, downloadUrl}], one blob per property
    download_only, // only listed by GET {file}/outputs and served by GET {file}/downloads/{file name}
};

// Which column of the file holds a file_record output's blob key.
enum class FileRecord { none, original, raw, standard };

// What an image list entry carries besides property and links (Leaf's shapes).
enum class ImageFields { none, ramp, legend_and_extent };

// What a writer reads; process_file.cpp hands it the matching value in OutputInput.
enum class OutputReads {
    upload_entries,  // the data set's entries of the uploaded zip
    read_points,     // the points as the format reader gave them (source units)
    standard_points, // standardised and cleaned up, in the configuration's unitMeasurement
    filtered_points, // the standard points after cleaning (the filteredGeojson step), same units
    summary,         // the summary step's coverage
    rendered_images, // the propertiesPNGs step's rendered files
    image_blobs,     // the stored images and imagesV2 (their blob keys in the artifacts)
    field_matching,  // written by field matching (operations/file_matching.cpp), not by a step
};

struct OutputInfo;
struct Catalogue;
struct CleaningOutcome;

// Everything a writer may read; a writer reads what its entry's `reads` says (the others may be null).
struct OutputInput {
    Context& ctx;
    const Catalogue& catalogue;
    const std::string& file_id;
    const formats::Bundle* bundle = nullptr;
    const std::vector<std::string>* entries = nullptr; // the file's entries in `bundle`
    std::string existing_blob = {};                    // the blob this output already has (a re-run)
    const schema::MachineData* points = nullptr;
    const std::string& crop;
    const CleaningOutcome* cleaning = nullptr; // what the filteredGeojson step kept
    const Summary* summary = nullptr;
    const outputs::RenderedImages* images = nullptr;
    const nlohmann::json* artifacts = nullptr;
};

// Writes the output's blob(s) under files/{id}/ and returns what the file's artifacts keep for it:
// {"blob": key, ...} or, for an image list, [{property, blob, aux?, legend?, extent?}].
using OutputWriter = nlohmann::json (*)(const OutputInput& in, const OutputInfo& self);

struct OutputInfo {
    std::string_view name = {};            // route, artifacts key and link name (Leaf's)
    std::optional<StepId> step = {};       // the status step that makes it (none: field matching)
    std::array<std::string_view, 2> enabled_by = {}; // configuration keys that must all be on ("" = unused)
    std::string_view media_type = {};
    // The blob's name under files/{id}/; for an image list the prefix of each image's name
    // ("imageV2-" + "yield.png").
    std::string_view file_name = {};
    OutputReads reads = OutputReads::standard_points;
    OutputWriter write = nullptr; // null only for field_matching outputs
    OutputAnswer answer = OutputAnswer::download_only;
    bool linked_from_file = false;   // the file object carries {name, download<Name>} (Leaf's pairs)
    bool files_only = false;         // an operation does not answer it
    bool operation_download_only = false; // an operation answers only the download link (operations-v2.md)
    ImageFields image_fields = ImageFields::none;
    std::string_view download_suffix = {}; // file_record: the download's name is {file id}{suffix}
    FileRecord record = FileRecord::none;  // file_record: its column
};

// The two lists, handed to the pipeline and the API together (tests hand in their own).
struct Catalogue {
    std::span<const StepInfo> steps;
    std::span<const OutputInfo> outputs;

    const StepInfo& step(StepId id) const;
    const OutputInfo* find_output(std::string_view name) const;
    // The output a stored blob of `file name` belongs to (images by their prefix); nullptr if none.
    const OutputInfo* output_of_file(std::string_view file_name) const;
    // The steps of an upload or of a derived file, in pipeline order.
    std::vector<std::string> step_names(bool derived) const;
};

// The blob key a file_record output keeps in its column of the file ("" until made).
const std::string& record_blob_key(const store::MachineFile& file, FileRecord record);

// furrow's own catalogue.
const Catalogue& catalogue();

// Whether every configuration key of `output` is on in `configuration` (an effective configuration).
bool output_enabled(const OutputInfo& output, const nlohmann::json& configuration);
// The first key of `output` that is off, or "" when none is.
std::string_view output_disabled_by(const OutputInfo& output, const nlohmann::json& configuration);

// One entry of an image list output as Leaf shapes it, without its links: {property} plus `ramp`
// or `legend` and `extent` as the output's image_fields say, from what its writer stored. The API
// adds url/downloadUrl, `furrow convert` the file's name.
nlohmann::json image_entry_fields(const OutputInfo& output, const nlohmann::json& stored);

// A downloadable file's media type, from the output it belongs to (an image's .aux.xml sidecar is
// XML); application/octet-stream for a name no output makes.
std::string_view media_type_of_file(const Catalogue& catalogue, std::string_view file_name);

} // namespace furrow::pipeline
