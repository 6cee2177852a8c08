// `furrow convert INPUT.zip --out DIR [--only-read] [--filtered [--cleaning CONFIG.json]] [--images]
// [--geoparquet]`:
// the pipeline without a server, for one-off conversions and benchmarks. Prints one JSON line per
// machine file; writes its outputs under DIR. --filtered adds filtered.geojson and cleaning.json
// (docs/CLEANING.md); CONFIG.json is a configuration object (`cleaningFilters`,
// `operationsRemoveOutliers`, `operationsOutliersLimit`), defaults when left out. --images adds the
// PNG and GeoTIFF images (convert_images.hpp); --geoparquet standard.parquet and polygon.parquet
// (Leaf's standardGeoparquet and polygonGeoparquet). --report adds each file's conversion report
// (exporter, column -> property + unit, unmapped columns, warnings, operation type reason) to its
// line; without --out it only reads and standardizes, writing nothing.
#include "app/commands.hpp"
#include "app/convert_images.hpp"
#include "core/error.hpp"
#include "core/local_time.hpp"
#include "core/parallel.hpp"
#include "core/time.hpp"
#include "formats/registry.hpp"
#include "outputs/geojson_writer.hpp"
#include "pipeline/cleaning/clean_points.hpp"
#include "outputs/parquet/geoparquet_writer.hpp"
#include "pipeline/context.hpp"
#include "pipeline/standardize.hpp"
#include "pipeline/summarize.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>

namespace furrow::app {
namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path);
    out << text << '\n';
    if (!out) throw Error(ErrorCode::internal, "convert: cannot write " + path.string());
}

// The standard points in figures an independent reading can check: bbox, time span, and the
// mean of every property (canonical units, missing values left out).
nlohmann::json standard_figures(const schema::PointTable& t) {
    if (t.size() == 0) return nullptr;
    const auto [min_lon, max_lon] = std::minmax_element(t.lon().begin(), t.lon().end());
    const auto [min_lat, max_lat] = std::minmax_element(t.lat().begin(), t.lat().end());
    const auto [first, last] = std::minmax_element(t.time().begin(), t.time().end());
    nlohmann::json means = nlohmann::json::object();
    for (const auto& column : t.columns()) {
        double sum = 0;
        std::size_t n = 0;
        for (const double v : column.values)
            if (!schema::is_missing(v)) sum += v, ++n;
        if (n > 0) means[std::string(schema::info(column.id).key)] = sum / static_cast<double>(n);
    }
    return {{"bbox", {*min_lon, *min_lat, *max_lon, *max_lat}}, {"startTime", format_iso8601(*first)},
            {"endTime", format_iso8601(*last)}, {"means", std::move(means)}};
}

struct Options {
    bool only_read = false;
    bool images = false;
    bool geoparquet = false;
    bool report = false; // --report: each line carries the conversion report
    std::string time_zone; // --time-zone ZONE: the zone of local times (an upload's ?timeZone=)
    std::optional<pipeline::cleaning::CleaningSettings> cleaning; // set with --filtered
};

// The GeoParquet outputs beside the standard GeoJSON; their times and counts go on the line.
void write_geoparquet(const schema::MachineData& data, const std::string& crop, const std::filesystem::path& dir,
                      nlohmann::json& line) {
    const auto start = std::chrono::steady_clock::now();
    outputs::write_points_geoparquet(data, {.crop = crop}, dir / "standard.parquet");
    const auto counts = outputs::write_swath_polygons_geoparquet(data, {.crop = crop}, dir / "polygon.parquet");
    line["geoparquet_ms"] = ms_since(start);
    line["polygons"] = counts.polygons;
    line["polygons_left_out"] = counts.left_out;
}

// The filteredGeojson output: the standard points cleaned, and what each filter removed.
nlohmann::json write_filtered(const schema::MachineData& standard, const pipeline::cleaning::CleaningSettings& settings,
                              const std::string& crop, const std::filesystem::path& dir) {
    const auto result = pipeline::cleaning::clean_points(standard, settings);
    const auto report = result.report();
    write_text(dir / "cleaning.json", report.dump());
    if (result.kept == 0) return {{"status", "failed"}, {"message", pipeline::cleaning::no_points_passed_message}};
    outputs::write_points_geojson(pipeline::cleaning::filtered_copy(standard, result), {.include_units = false, .crop = crop},
                                  dir / "filtered.geojson");
    return {{"status", "processed"}, {"points", result.kept}};
}

nlohmann::json convert_one(const formats::Bundle& bundle, const formats::DetectedDataset& d,
                           const std::filesystem::path& dir, const Options& options) {
    nlohmann::json line = {{"name", d.dataset.name}, {"format", d.format->id}, {"part", d.dataset.part}};
    const auto start = std::chrono::steady_clock::now();
    schema::MachineData data;
    try {
        if (d.format->read == nullptr)
            throw Error(ErrorCode::unsupported_format, std::string(d.format->title) + ": " + std::string(d.format->reader_missing));
        data = d.format->read(bundle, d.dataset);
        data.local_time_zone = options.time_zone;
        line["points"] = data.points.size();
        line["read_ms"] = ms_since(start);
        if (options.report && dir.empty()) { // --report without --out: what furrow makes of it, nothing written
            const auto report = pipeline::standardize(data);
            line["standard_points"] = data.points.size();
            line["standard"] = standard_figures(data.points);
            if (report.crop) line["crop"] = *report.crop;
        } else if (!options.only_read) {
            std::filesystem::create_directories(dir);
            outputs::write_points_geojson(data, {.include_units = true, .crop = ""}, dir / "raw.geojson");
            line["raw_ms"] = ms_since(start);
            const auto report = pipeline::standardize(data);
            line["standardized_ms"] = ms_since(start);
            const std::string crop = report.crop.value_or("");
            // Every output reads the standard points and writes its own files: they run side by
            // side (each is parallel inside too), and their figures are merged after.
            std::vector<std::function<void(nlohmann::json&)>> writers = {
                [&](nlohmann::json&) {
                    outputs::write_points_geojson(data, {.include_units = false, .crop = crop}, dir / "standard.geojson");
                },
                [&](nlohmann::json&) {
                    write_text(dir / "summary.json", pipeline::summarize(data, report.crop).feature.dump());
                    write_text(dir / "units.json", pipeline::units_of(data.points).dump());
                }};
            if (options.cleaning)
                writers.emplace_back([&](nlohmann::json& out) { out["filtered"] = write_filtered(data, *options.cleaning, crop, dir); });
            if (options.images) writers.emplace_back([&](nlohmann::json& out) { out = write_image_outputs(data.points, dir); });
            if (options.geoparquet) writers.emplace_back([&](nlohmann::json& out) { write_geoparquet(data, crop, dir, out); });
            line.update(run_side_by_side(writers));
            line["standard_points"] = data.points.size();
            line["output"] = dir.string();
        }
        line["status"] = "processed";
    } catch (const Error& e) {
        line["status"] = "failed";
        line["message"] = e.what();
    }
    if (options.report) {
        line["operationType"] = data.source.operation_type_name();
        line["conversionReport"] = data.report.to_json();
    }
    line["total_ms"] = ms_since(start);
    return line;
}

pipeline::cleaning::CleaningSettings read_cleaning_config(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::invalid_input, "convert: cannot read " + path.string());
    const auto config = nlohmann::json::parse(in, nullptr, false);
    if (config.is_discarded()) throw Error(ErrorCode::invalid_input, "convert: " + path.string() + " is not JSON");
    return pipeline::cleaning::cleaning_settings_from_config(config);
}

} // namespace

int convert(const Config& config, const std::vector<std::string>& args) {
    std::optional<std::filesystem::path> input, out, cleaning_config;
    Options options;
    bool filtered = false;
    for (std::size_t arg_idx = 0; arg_idx < args.size(); ++arg_idx) {
        if (args[arg_idx] == "--out" && arg_idx + 1 < args.size()) out = args[++arg_idx];
        else if (args[arg_idx] == "--only-read") options.only_read = true;
        else if (args[arg_idx] == "--filtered") filtered = true;
        else if (args[arg_idx] == "--images") options.images = true;
        else if (args[arg_idx] == "--geoparquet") options.geoparquet = true;
        else if (args[arg_idx] == "--report") options.report = true;
        else if (args[arg_idx] == "--time-zone" && arg_idx + 1 < args.size()) options.time_zone = args[++arg_idx];
        else if (args[arg_idx] == "--cleaning" && arg_idx + 1 < args.size()) cleaning_config = args[++arg_idx];
        else if (!input) input = args[arg_idx];
        else throw Error(ErrorCode::invalid_input, "convert: unexpected argument '" + args[arg_idx] + "'");
    }
    if (!input || (!out && !options.only_read && !options.report))
        throw Error(ErrorCode::invalid_input, "convert: usage: furrow convert INPUT.zip --out DIR [--only-read] "
                                              "[--filtered [--cleaning CONFIG.json]] [--images] [--geoparquet] [--report] [--time-zone ZONE]");
    if (!options.time_zone.empty() && !is_time_zone(options.time_zone))
        throw Error(ErrorCode::invalid_input, "convert: --time-zone: '" + options.time_zone + "' is not an IANA time zone");
    if (filtered) options.cleaning = cleaning_config ? read_cleaning_config(*cleaning_config) : pipeline::cleaning::CleaningSettings{};
    const auto bundle = formats::Bundle::open(*input, pipeline::zip_limits(config));
    const auto detected = formats::detect_datasets(bundle);
    if (detected.empty()) throw Error(ErrorCode::invalid_input, "convert: no valid files found in " + input->string());
    int failures = 0;
    for (std::size_t set_idx = 0; set_idx < detected.size(); ++set_idx) {
        const auto dir = out ? *out / std::to_string(set_idx + 1) : std::filesystem::path();
        const auto line = convert_one(bundle, detected[set_idx], dir, options);
        failures += line["status"] == "failed" ? 1 : 0;
        std::printf("%s\n", line.dump().c_str());
    }
    return failures == static_cast<int>(detected.size()) ? 1 : 0;
}

} // namespace furrow::app
