#include "pipeline/process_file.hpp"

#include "alerts/outbox.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "formats/registry.hpp"
#include "pipeline/batch_outcome.hpp"
#include "pipeline/catalogue.hpp"
#include "pipeline/cleanup_rules.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/derived_outputs.hpp"
#include "pipeline/field_crop.hpp"
#include "pipeline/merge_points.hpp"
#include "pipeline/operations/file_matching.hpp"
#include "pipeline/operations/operation_result.hpp"
#include "pipeline/file_assets.hpp"
#include "pipeline/publish.hpp"
#include "pipeline/sessions.hpp"
#include "pipeline/standardize.hpp"
#include "pipeline/step_runner.hpp"
#include "pipeline/summarize.hpp"
#include "schema/point_table_io.hpp"
#include "schema/unit_systems.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <set>
#include <utility>

namespace furrow::pipeline {
namespace {

formats::Dataset dataset_of(const store::MachineFile& file) {
    formats::Dataset ds;
    ds.key = file.dataset_key;
    ds.name = file.file_name;
    ds.part = file.dataset_part;
    ds.marker = file.dataset_marker;
    ds.entries = file.entries;
    return ds;
}

const formats::Format& readable_format(const store::MachineFile& file) {
    const auto* format = formats::find_format(file.format_id);
    if (format == nullptr)
        throw Error(ErrorCode::unsupported_format,
                    fmt::format("{} (unknown format '{}')", details_unable_to_read, file.format_id));
    if (format->read == nullptr)
        throw Error(ErrorCode::unsupported_format,
                    fmt::format("{} ({}: {})", details_unable_to_read, format->title, format->reader_missing));
    return *format;
}

// The artifact holding a file's provider units ({property: unit}): an operation merged from it
// reports in them under unitMeasurement DEFAULT, as the file itself does.
constexpr const char* provider_units_artifact = "providerUnits";

using RenderedImages = outputs::RenderedImages;

// What the mergeFiles step merged: the summary's `merge` member.
struct MergeReport {
    std::size_t source_files = 0;
    std::uint64_t input_points = 0; // over all sources, before cropping to the field
    std::size_t points = 0;         // merged

    nlohmann::json to_json() const {
        return {{"sourceFiles", source_files}, {"inputPoints", input_points}, {"points", points}};
    }
};

// The steps of one file, and what they leave behind.
struct FileRun {
    Context& ctx;
    const Catalogue& catalogue;
    store::Session& db;
    const store::MachineFile& file;
    const nlohmann::json& configuration;
    const Settings& settings;
    std::optional<formats::Bundle> bundle{};
    std::string upload_time_zone{}; // the batch's ?timeZone=, "" when the upload named none
    schema::MachineData data{};
    // What each step made, read by the later steps and the writers (the order: catalogue.cpp).
    std::optional<MergeReport> merge{};          // mergeFiles
    std::optional<CleanupReport> cleanup{};      // standardGeojson with cleanupStandardGeojson on
    std::optional<schema::MachineData> filtered{}; // filteredGeojson
    std::optional<CleaningOutcome> cleaning{};     // filteredGeojson
    // The standard points in the configuration's unitMeasurement, for what is written out (set when
    // that differs from canonical: METRIC, IMPERIAL, or DEFAULT with a provider's units). `data`
    // stays canonical: cleaning, coverage, the stored points.bin that operations merge, all work in
    // canonical units.
    std::optional<schema::MachineData> converted{};
    std::optional<schema::MachineData> filtered_converted{}; // the filtered points in those units
    const schema::MachineData* standard_written = nullptr;  // `data` or `converted`
    const schema::MachineData* filtered_written = nullptr;  // `filtered` or `filtered_converted`
    std::string crop{};                                     // the standard points' crop, "" when none
    StandardizeReport report{};
    Summary summary{};
    std::optional<ScratchDir> render_dir{};
    std::vector<std::function<void(nlohmann::json&)>> side_jobs{}; // a step's own writers, run beside its outputs'.
    RenderedImages rendered{};
    store::FileOutputs outputs{};

    // The step's own work; its outputs are written after it (write_outputs).
    void run_step(StepId step) {
        switch (step) {
        case StepId::original_file: return original_file();
        case StepId::raw_geojson: return raw_geojson();
        case StepId::merge_files: return merge_sources();
        case StepId::standard_geojson: return standard_geojson();
        case StepId::filtered_geojson: return filtered_geojson();
        case StepId::summary: return summarize_file();
        case StepId::units: return units();
        case StepId::properties_pngs: return images();
        case StepId::zipped_pngs: return;
        }
    }

    // What `output`'s writer reads, as its entry says.
    OutputInput input_for(const OutputInfo& output) {
        OutputInput in{.ctx = ctx, .catalogue = catalogue, .file_id = file.id, .crop = crop};
        switch (output.reads) {
        case OutputReads::upload_entries:
            in.bundle = bundle ? &*bundle : nullptr;
            in.entries = &file.entries;
            in.existing_blob = file.original_blob_key;
            break;
        case OutputReads::read_points: in.points = &data; break;
        case OutputReads::standard_points: in.points = standard_written; break;
        case OutputReads::filtered_points:
            in.points = filtered_written;
            in.cleaning = cleaning ? &*cleaning : nullptr;
            break;
        case OutputReads::summary: in.summary = &summary; break;
        case OutputReads::rendered_images: in.images = &rendered; break;
        case OutputReads::image_blobs: in.artifacts = &outputs.artifacts; break;
        case OutputReads::field_matching: break;
        }
        return in;
    }

    // Every output of `step` that the configuration turns on, written side by side (each writer is
    // parallel inside too) with the step's own side jobs, and recorded on the file.
    void write_outputs(StepId step) {
        auto extra = std::exchange(side_jobs, {});
        for (const auto& output : catalogue.outputs) {
            if (output.step != step || output.write == nullptr || !output_enabled(output, configuration)) continue;
            extra.emplace_back([this, &output](nlohmann::json& out) { out[std::string(output.name)] = output.write(input_for(output), output); });
        }
        if (extra.empty()) return;
        auto made = run_side_by_side(extra);
        for (const auto& output : catalogue.outputs) {
            if (output.record == FileRecord::none || !made.contains(std::string(output.name))) continue;
            const auto key = made.at(std::string(output.name)).at("blob").get<std::string>();
            if (output.record == FileRecord::original) db.set_file_original(file.id, key);
            if (output.record == FileRecord::raw) outputs.raw_blob_key = key;
            if (output.record == FileRecord::standard) outputs.standard_blob_key = key;
            made.erase(std::string(output.name));
        }
        outputs.artifacts.update(made);
    }

    void original_file() {
        const auto batch = db.find_batch_any_owner(file.batch_id);
        if (!batch) throw Error(ErrorCode::internal, fmt::format("file {}: batch {} is missing", file.id, file.batch_id));
        bundle.emplace(formats::Bundle::open(ctx.blobs.local_path(batch->blob_key), bundle_limits(ctx.config)));
        upload_time_zone = batch->time_zone;
    }
    void raw_geojson() {
        const auto& format = readable_format(file);
        data = format.read(*bundle, dataset_of(file));
        data.local_time_zone = upload_time_zone.empty() ? settings.time_zone : upload_time_zone; // ?timeZone= wins
    }
    // A derived file: its sources' stored standard points, cropped and merged (no upload to read).
    // Sources are read one at a time in order of their start time, cropped to the field and appended:
    // the merge holds the field's merged points and one source, never every source at once (issue #16).
    void merge_sources() {
        std::vector<store::MachineFile> sources;
        std::uint64_t total = 0;
        schema::ProviderUnits provider_units; // of the first source that has any: DEFAULT units of the merge
        for (const auto& source_id : file.sources) {
            auto source = db.find_file_any_owner(source_id);
            const auto points = source ? operations::stored_points_key(*source) : std::string();
            if (!source || source->owner_id != file.owner_id || source->status != store::FileStatus::processed || points.empty())
                throw Error(ErrorCode::invalid_input,
                            fmt::format("source file {} is not a processed file with standard points", source_id));
            total += schema::read_points_count(ctx.blobs.local_path(points));
            if (!report.crop && !source->crops.empty()) report.crop = source->crops.front();
            if (provider_units.empty() && source->artifacts.contains(provider_units_artifact))
                provider_units = schema::ProviderUnits::from_json(source->artifacts.at(provider_units_artifact));
            sources.push_back(std::move(*source));
        }
        // A file's start time is its first point's time (summarize), the order merge_points uses.
        std::stable_sort(sources.begin(), sources.end(), [](const auto& a, const auto& b) {
            return a.start_time.value_or(std::numeric_limits<TimeMs>::max()) <
                   b.start_time.value_or(std::numeric_limits<TimeMs>::max());
        });
        const BoundaryCrop crop(db, file.owner_id, file.crop_boundaries);
        PointMerger merger;
        merger.reserve(static_cast<std::size_t>(total)); // an upper bound: untouched room costs no memory
        for (const auto& source : sources) {
            auto part = schema::read_points_binary(ctx.blobs.local_path(operations::stored_points_key(source)));
            crop.apply(part);
            merger.add(part);
        }
        data = merger.finish();
        data.provider_units = std::move(provider_units);
        merge = MergeReport{.source_files = file.sources.size(), .input_points = total, .points = data.points.size()};
        if (data.points.size() == 0)
            throw Error(ErrorCode::invalid_input, file.crop_boundaries.empty() ? "the source files have no points"
                                                                                : "no points inside the field boundary");
    }
    void standard_geojson() {
        if (!derived()) standardize_points();
        outputs.artifacts[provider_units_artifact] = data.provider_units.to_json();
        standard_written = &schema::in_system(data, settings.unit_system, converted);
        crop = report.crop.value_or("");
        // Written beside the standard outputs (write_outputs).
        side_jobs.emplace_back([this](nlohmann::json& out) { standard_points(out); });
    }
    // The standard points as furrow keeps them for merging into operations (schema/point_table_io.hpp).
    void standard_points(nlohmann::json& artifacts) {
        const auto points = file_blob_key(file.id, "points.bin");
        publish(ctx, points, [&](const auto& path) { schema::write_points_binary(data, path); });
        artifacts["standardPoints"] = {{"key", points}, {"count", data.points.size()}};
    }
    bool derived() const { return !file.sources.empty(); }
    void standardize_points() {
        report = standardize(data);
        if (settings.cleanup_standard_geojson) {
            cleanup = apply_cleanup_rules(data, settings.cleanup_rules, report.crop.value_or(""));
            if (data.points.size() == 0 && cleanup->input_points > 0) throw Error(ErrorCode::invalid_input, no_points_passed);
        }
    }
    void summarize_file() {
        summary = summarize(data, report.crop, settings.unit_system);
        outputs.operation_type = data.source.operation_type;
        outputs.start_time = summary.start_time;
        outputs.end_time = summary.end_time;
        outputs.area_m2 = summary.total_area_m2;
        outputs.crops = report.crop ? std::vector<std::string>{*report.crop} : data.source.crops;
        // What the cleaning steps removed, and by which rule or filter (docs/CLEANING.md).
        auto& properties = summary.feature["properties"];
        if (cleanup) properties["cleanup"] = cleanup->to_json();
        if (merge) properties["merge"] = merge->to_json();
        if (cleaning) properties["cleaning"] = cleaning->report;
        // The summary holds the coverage simplified for maps; the full-resolution outline is the
        // coverage output, for GET .../summary?resolution=full (api/summary_answer.hpp).
        outputs.summary = summary.feature.dump();
    }
    void units() { outputs.units = units_of((converted ? *converted : data).points).dump(); }
    // `filtered` stays canonical (as `data`); its outputs are written in the configured units.
    void filtered_geojson() {
        auto cleaned = clean_standard_points(data, configuration);
        filtered = std::move(cleaned.points);
        cleaning = std::move(cleaned.outcome);
        filtered_written = &schema::in_system(*filtered, settings.unit_system, filtered_converted);
    }
    // In the configured units, as the GeoJSON beside them: the legends' ranges and the GeoTIFF cells
    // carry values (the swaths are drawn in metres whatever the units, outputs/raster/swaths.hpp).
    // GeoTIFFs are rendered only when an output that stores them is on.
    void images() {
        const char* attributes = file.origin == store::FileOrigin::automerged ? "operationsImageAttributeCreation" : "filesImageAttributeCreation";
        const bool geotiffs = std::any_of(catalogue.outputs.begin(), catalogue.outputs.end(), [&](const OutputInfo& o) {
            return o.step == StepId::properties_pngs && o.media_type == "image/tiff" && output_enabled(o, configuration);
        });
        render_dir.emplace(ctx);
        rendered = render_file_images(*render_dir, *standard_written, filtered_written, configuration, geotiffs, attributes);
    }
};

} // namespace

StepDurations process_file(Context& ctx, const std::string& file_id, const Catalogue& cat) {
    auto db = ctx.repo.connect();
    const auto file = db->find_file_any_owner(file_id);
    if (!file) return {};
    if (file->status != store::FileStatus::processing) {
        if (!file->batch_id.empty()) settle_batch(*db, file->batch_id);
        return {};
    }
    db->clear_steps(file_id);
    // The configuration in force now applies to this run (not retroactive, as Leaf's).
    const auto configuration = effective_configuration(*db, file->owner_id, file->leaf_user_id);
    const auto settings = settings_of(configuration);
    FileRun run{.ctx = ctx, .catalogue = cat, .db = *db, .file = *file, .configuration = configuration, .settings = settings};
    StepRunner steps(*db, file_id, cat.step_names(run.derived()));
    std::set<StepId> succeeded;
    for (const auto& step : cat.steps) {
        if (step.runs_for != StepFor::every_file && (step.runs_for == StepFor::derived) != run.derived()) continue;
        if (!step.enabled_by.empty() && configuration.at(std::string(step.enabled_by)) == false) {
            steps.skip(step.name, fmt::format("skipped: {} is off", step.enabled_by));
            continue;
        }
        if (step.needs && !succeeded.contains(*step.needs)) {
            steps.skip(step.name, fmt::format("skipped: {} failed", cat.step(*step.needs).name));
            continue;
        }
        const auto work = [&] {
            run.run_step(step.id);
            run.write_outputs(step.id);
        };
        if (step.optional ? steps.run_optional(step.name, work) : steps.run(step.name, work)) succeeded.insert(step.id);
    }

    db->transaction([&] {
        if (steps.failure()) {
            db->set_file_status(file_id, store::FileStatus::failed, *steps.failure());
        } else {
            // Asset records and sessions (pipeline/file_assets.hpp, pipeline/sessions.hpp).
            const auto assets = record_file_assets(*db, *file, run.data.source);
            if (settings.operations_session) run.outputs.artifacts["sessions"] = file_sessions(file_id, run.data, assets);
            db->set_file_outputs(file_id, run.outputs);
            db->set_file_status(file_id, store::FileStatus::processed, "");
        }
        alerts::record_file_outcome(*db, *file, steps.failure());
        if (!file->batch_id.empty()) settle_batch(*db, file->batch_id);
        operations::file_finished(*db, file_id);
    });
    log::info("file {}: {}", file_id,
              steps.failure() ? "failed: " + *steps.failure()
                              : fmt::format("processed, {} points ({} without a valid position dropped)",
                                            run.data.points.size(), run.report.dropped_positions));
    return steps.durations();
}

void process_file(Context& ctx, const std::string& file_id) { process_file(ctx, file_id, catalogue()); }

void give_up_process_file(Context& ctx, const std::string& file_id, const std::string& error) {
    auto db = ctx.repo.connect();
    log::error("file {}: giving up: {}", file_id, error);
    const auto file = db->find_file_any_owner(file_id);
    if (!file) return;
    // Leaf's message first (clients match it), then the cause: "No space left on device" is
    // something the operator can fix, and the user can retry once it is.
    const std::string message = fmt::format("{} ({})", details_internal_error, error);
    db->transaction([&] {
        db->set_file_status(file_id, store::FileStatus::failed, message);
        alerts::record_file_outcome(*db, *file, message);
        if (!file->batch_id.empty()) settle_batch(*db, file->batch_id);
        operations::file_finished(*db, file_id);
    });
}

} // namespace furrow::pipeline
