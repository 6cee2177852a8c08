// `furrow convert INPUT.zip --out DIR [--config CONFIG.json] [--filtered] [--images] [--geoparquet]
// [--time-zone ZONE] [--report]`: the server's pipeline without a server (app/local_pipeline.hpp):
// the same steps, outputs, cleanup rules, unit systems and configuration defaults as `furrow serve`,
// against a throw-away SQLite + local blob store. Prints one JSON line per machine file and leaves its
// outputs in DIR/<n>/ under the output catalogue's file names (docs/OUTPUTS.md "furrow convert").
// CONFIG.json is a configuration object (docs/CONFIGURATIONS.md), checked as the API checks it; the
// flags turn keys on over it: --filtered operationsFilteredGeojson, --images operationsImageCreation +
// operationsImageAsGeoTiff, --geoparquet enableGeoparquetOutput + enablePolygonOutput, --time-zone
// timeZone. --report adds each file's conversion report and operation type to its line.
// Two reading modes run the format's reader only, nothing written: `--only-read` (reader benchmarks)
// and `--report` without --out (read + standardize in memory, the report and figures an independent
// reading can check).
#include "app/commands.hpp"
#include "app/convert_export.hpp"
#include "app/local_pipeline.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/local_time.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "formats/registry.hpp"
#include "pipeline/context.hpp"
#include "pipeline/standardize.hpp"

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
    bool report = false; // --report: each line carries the conversion report
    std::string time_zone; // --time-zone ZONE: the zone of local times (the configuration's timeZone)
};

// The reading modes (--only-read, --report without --out): the format's reader (and, for the report,
// standardize) in memory, nothing written; for reader benchmarks and a quick look at what furrow
// makes of a file.
nlohmann::json read_one(const formats::Bundle& bundle, const formats::DetectedDataset& d, const Options& options) {
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
        if (options.report) {
            const auto report = pipeline::standardize(data);
            line["standard_points"] = data.points.size();
            line["standard"] = standard_figures(data.points);
            if (report.crop) line["crop"] = *report.crop;
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

int read_datasets(const Config& config, const std::filesystem::path& input, const Options& options) {
    const auto bundle = formats::Bundle::open(input, pipeline::zip_limits(config));
    const auto detected = formats::detect_datasets(bundle);
    if (detected.empty()) throw Error(ErrorCode::invalid_input, "convert: no valid files found in " + input.string());
    int failures = 0;
    for (const auto& d : detected) {
        const auto line = read_one(bundle, d, options);
        failures += line["status"] == "failed" ? 1 : 0;
        std::printf("%s\n", line.dump().c_str());
    }
    return failures == static_cast<int>(detected.size()) ? 1 : 0;
}

// The whole pipeline, as the server runs it (app/local_pipeline.hpp), with `configuration`; each
// machine file's outputs go to OUT/<n>/ (n = 1, 2, ... in data-set order).
int convert_datasets(const Config& config, const std::filesystem::path& input, const std::filesystem::path& out,
                     const nlohmann::json& configuration, const Options& options) {
    std::filesystem::create_directories(out);
    LocalPipeline local(config, out / (".furrow-convert-" + random_hex(6)), configuration);
    const auto start = std::chrono::steady_clock::now();
    const auto files = local.convert(input);
    int failures = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto line = export_file(local.blobs(), files[i], out / std::to_string(i + 1));
        if (options.report && !files[i].file.summary.empty()) {
            const auto summary = nlohmann::json::parse(files[i].file.summary);
            line["operationType"] = summary["properties"].value("operationType", nlohmann::json());
            line["conversionReport"] = summary["properties"].value("conversionReport", nlohmann::json::object());
        }
        double total = 0;
        for (const auto& [step, ms] : files[i].durations) total += ms;
        line["total_ms"] = total;
        failures += line["status"] == "failed" ? 1 : 0;
        std::printf("%s\n", line.dump().c_str());
    }
    log::info("convert: {} machine file(s) in {:.0f} ms", files.size(), ms_since(start));
    return failures == static_cast<int>(files.size()) ? 1 : 0;
}

nlohmann::json read_configuration(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::invalid_input, "convert: cannot read " + path.string());
    auto config = nlohmann::json::parse(in, nullptr, false);
    if (config.is_discarded() || !config.is_object())
        throw Error(ErrorCode::invalid_input, "convert: " + path.string() + " is not a JSON object of configuration keys");
    return config;
}

} // namespace

int convert(const Config& config, const std::vector<std::string>& args) {
    std::optional<std::filesystem::path> input, out, config_file;
    Options options;
    // Flags turn configuration keys on, over the configuration file's and the server's defaults.
    nlohmann::json flags = nlohmann::json::object();
    for (std::size_t arg_idx = 0; arg_idx < args.size(); ++arg_idx) {
        const auto& arg = args[arg_idx];
        const bool has_value = arg_idx + 1 < args.size();
        if (arg == "--out" && has_value) out = args[++arg_idx];
        else if (arg == "--only-read") options.only_read = true;
        else if (arg == "--filtered") flags["operationsFilteredGeojson"] = true;
        else if (arg == "--images") flags.update({{"operationsImageCreation", true}, {"operationsImageAsGeoTiff", true}});
        else if (arg == "--geoparquet") flags.update({{"enableGeoparquetOutput", true}, {"enablePolygonOutput", true}});
        else if (arg == "--report") options.report = true;
        else if (arg == "--time-zone" && has_value) options.time_zone = args[++arg_idx];
        else if ((arg == "--config" || arg == "--cleaning") && has_value) config_file = args[++arg_idx];
        else if (!input) input = arg;
        else throw Error(ErrorCode::invalid_input, "convert: unexpected argument '" + arg + "'");
    }
    if (!input || (!out && !options.only_read && !options.report))
        throw Error(ErrorCode::invalid_input, "convert: usage: furrow convert INPUT.zip --out DIR [--config CONFIG.json] "
                                              "[--filtered] [--images] [--geoparquet] [--time-zone ZONE] [--report] | "
                                              "INPUT.zip --only-read | INPUT.zip --report [--time-zone ZONE]");
    if (!options.time_zone.empty() && !is_time_zone(options.time_zone))
        throw Error(ErrorCode::invalid_input, "convert: --time-zone: '" + options.time_zone + "' is not an IANA time zone");
    if (options.only_read || !out) return read_datasets(config, *input, options);
    auto configuration = config_file ? read_configuration(*config_file) : nlohmann::json::object();
    configuration.update(flags);
    if (!options.time_zone.empty()) configuration["timeZone"] = options.time_zone;
    return convert_datasets(config, *input, *out, configuration, options);
}

} // namespace furrow::app
