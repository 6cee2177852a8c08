#include "pipeline/process_file.hpp"

#include "alerts/outbox.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "formats/registry.hpp"
#include "outputs/geojson_writer.hpp"
#include "outputs/output_file.hpp"
#include "outputs/parquet/geoparquet_writer.hpp"
#include "pipeline/batch_outcome.hpp"
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
#include <limits>

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

// The steps of one file, and what they leave behind.
struct FileRun {
    Context& ctx;
    store::Session& db;
    const store::MachineFile& file;
    const nlohmann::json& configuration;
    const Settings& settings;
    std::optional<formats::Bundle> bundle;
    schema::MachineData data;
    std::optional<schema::MachineData> filtered;
    // The standard points in the configuration's unitMeasurement, for what is written out (set when
    // that differs from canonical: METRIC, IMPERIAL, or DEFAULT with a provider's units). `data`
    // stays canonical: cleaning, coverage, the stored points.bin that operations merge, all work in
    // canonical units.
    std::optional<schema::MachineData> converted;
    StandardizeReport report;
    Summary summary;
    store::FileOutputs outputs;

    void original_file() {
        const auto batch = db.find_batch_any_owner(file.batch_id);
        if (!batch) throw Error(ErrorCode::internal, fmt::format("file {}: batch {} is missing", file.id, file.batch_id));
        bundle.emplace(formats::Bundle::open(ctx.blobs.local_path(batch->blob_key), bundle_limits(ctx.config)));
        const std::string key = original_blob_key(file.id);
        if (file.original_blob_key == key && ctx.blobs.size(key)) return;
        publish(ctx, key, [&](const auto& path) { bundle->write_subset(file.entries, path); });
        db.set_file_original(file.id, key);
    }
    void raw_geojson() {
        const auto& format = readable_format(file);
        data = format.read(*bundle, dataset_of(file));
        outputs.raw_blob_key = file_blob_key(file.id, "raw.geojson");
        publish(ctx, outputs.raw_blob_key, [&](const auto& path) {
            outputs::write_points_geojson(data, {.include_units = true, .crop = ""}, path);
        });
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
        outputs.artifacts["merge"] = {{"sourceFiles", file.sources.size()}, {"inputPoints", total},
                                      {"points", data.points.size()}};
        if (data.points.size() == 0)
            throw Error(ErrorCode::invalid_input, file.crop_boundaries.empty() ? "the source files have no points"
                                                                                : "no points inside the field boundary");
    }
    void standard_geojson() {
        if (!derived()) standardize_points();
        outputs.artifacts[provider_units_artifact] = data.provider_units.to_json();
        const auto& written = schema::in_system(data, settings.unit_system, converted);
        outputs.standard_blob_key = file_blob_key(file.id, "standard.geojson");
        // Three independent writers of the same points: side by side (each is parallel inside too).
        outputs.artifacts.update(run_side_by_side({
            [&](nlohmann::json& out) { standard_points(out); },
            [&](nlohmann::json&) {
                publish(ctx, outputs.standard_blob_key, [&](const auto& path) {
                    outputs::write_points_geojson(written, {.include_units = false, .crop = report.crop.value_or("")}, path);
                });
            },
            [&](nlohmann::json& out) { standard_geoparquet(written, out); }}));
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
            const auto cleanup = apply_cleanup_rules(data, settings.cleanup_rules, report.crop.value_or(""));
            outputs.artifacts["cleanup"] = {{"inputPoints", cleanup.input_points},
                                            {"removedPoints", cleanup.removed_points},
                                            {"removedBy", cleanup.removed_by}};
            if (data.points.size() == 0 && cleanup.input_points > 0) throw Error(ErrorCode::invalid_input, no_points_passed);
        }
    }
    // standardGeoparquet (+ polygonGeoparquet), only when the configuration asks (Leaf's defaults: off).
    void standard_geoparquet(const schema::MachineData& written, nlohmann::json& artifacts) {
        if (!settings.geoparquet) return;
        const std::string crop = report.crop.value_or("");
        const auto key = file_blob_key(file.id, "standard.parquet");
        publish(ctx, key, [&](const auto& path) { outputs::write_points_geoparquet(written, {.crop = crop}, path); });
        artifacts["standardGeoparquet"] = {{"blob", key}};
        if (!settings.polygon_output) return;
        const auto polygons = file_blob_key(file.id, "polygon.parquet");
        outputs::SwathPolygonCounts counts;
        publish(ctx, polygons, [&](const auto& path) {
            counts = outputs::write_swath_polygons_geoparquet(written, {.crop = crop}, path);
        });
        artifacts["polygonGeoparquet"] = {{"blob", polygons}, {"polygons", counts.polygons},
                                          {"leftOut", counts.left_out}};
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
        if (outputs.artifacts.contains("cleanup")) properties["cleanup"] = outputs.artifacts["cleanup"];
        if (outputs.artifacts.contains("merge")) properties["merge"] = outputs.artifacts["merge"];
        if (outputs.artifacts.contains("filteredGeojson"))
            properties["cleaning"] = outputs.artifacts["filteredGeojson"]["report"];
        outputs.summary = summary.feature.dump();
        // The summary holds the coverage simplified for maps; the full-resolution outline is kept
        // beside it for GET .../summary?resolution=full (api/summary_answer.hpp).
        const auto coverage = file_blob_key(file.id, "coverage.geojson");
        publish(ctx, coverage, [&](const auto& path) {
            outputs::OutputFile out(path, "coverage");
            out.write(summary.full_geometry.dump());
            out.close();
        });
        outputs.artifacts["coverage"] = {{"blob", coverage}};
    }
    void units() { outputs.units = units_of((converted ? *converted : data).points).dump(); }
    void filtered_geojson() {
        outputs.artifacts["filteredGeojson"] =
            make_filtered_geojson(ctx, file.id, data, configuration, report.crop.value_or(""), filtered, settings.unit_system);
        if (!settings.geoparquet) return;
        const auto key = file_blob_key(file.id, "filtered.parquet");
        std::optional<schema::MachineData> filtered_converted;
        const auto& written = schema::in_system(*filtered, settings.unit_system, filtered_converted);
        publish(ctx, key, [&](const auto& path) {
            outputs::write_points_geoparquet(written, {.crop = report.crop.value_or("")}, path);
        });
        outputs.artifacts["filteredGeoparquet"] = {{"blob", key}};
    }
    // In the configured units, as the GeoJSON beside them: the legends' ranges and the GeoTIFF cells
    // carry values (the swaths are drawn in metres whatever the units, outputs/raster/swaths.hpp).
    void images() {
        const char* attributes = file.origin == store::FileOrigin::automerged ? "operationsImageAttributeCreation" : "filesImageAttributeCreation";
        std::optional<schema::MachineData> filtered_converted;
        const auto* filtered_written =
            filtered ? &schema::in_system(*filtered, settings.unit_system, filtered_converted) : nullptr;
        auto made = make_images(ctx, file.id, converted ? *converted : data, filtered_written, configuration,
                                settings.geotiff_images, attributes);
        for (auto& [kind, list] : made.items()) outputs.artifacts[kind] = std::move(list);
    }
    void zipped_pngs() { outputs.artifacts["zippedPNGs"] = make_zipped_pngs(ctx, file.id, outputs.artifacts); }
};

} // namespace

void process_file(Context& ctx, const std::string& file_id) {
    auto db = ctx.repo.connect();
    const auto file = db->find_file_any_owner(file_id);
    if (!file) return;
    if (file->status != store::FileStatus::processing) {
        if (!file->batch_id.empty()) settle_batch(*db, file->batch_id);
        return;
    }
    db->clear_steps(file_id);
    // The configuration in force now applies to this run (not retroactive, as Leaf's).
    const auto configuration = effective_configuration(*db, file->owner_id, file->leaf_user_id);
    const auto settings = settings_of(configuration);
    FileRun run{ctx, *db, *file, configuration, settings, {}, {}, {}, {}, {}, {}, {}};
    StepRunner steps(*db, file_id, run.derived() ? derived_file_steps() : file_steps());
    if (run.derived()) {
        steps.run("mergeFiles", [&] { run.merge_sources(); });
    } else {
        steps.run("originalFile", [&] { run.original_file(); });
        steps.run("rawGeojson", [&] { run.raw_geojson(); });
    }
    steps.run("standardGeojson", [&] { run.standard_geojson(); });
    if (settings.filtered_geojson) steps.run_optional("filteredGeojson", [&] { run.filtered_geojson(); });
    else steps.skip("filteredGeojson", "skipped: operationsFilteredGeojson is off");
    steps.run("summary", [&] { run.summarize_file(); });
    steps.run("units", [&] { run.units(); });
    if (!settings.images) {
        steps.skip("propertiesPNGs", "skipped: operationsImageCreation is off");
        steps.skip("zippedPNGs", "skipped: operationsImageCreation is off");
    } else if (steps.run_optional("propertiesPNGs", [&] { run.images(); })) {
        steps.run_optional("zippedPNGs", [&] { run.zipped_pngs(); });
    } else {
        steps.skip("zippedPNGs", "skipped: propertiesPNGs failed");
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
}

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
