#pragma once
// What furrow did with a source, for the user: shown as `conversionReport` in the summary and by
// `furrow convert --report`. Readers fill what they know; the pipeline adds its own findings.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace furrow::schema {

// How the source's times are to be read. Readers that find no time zone in the source (a local
// wall-clock time in a text column) store that wall-clock time as if it were UTC and say `local`;
// the pipeline then converts it with the time zone of the data's position (or the user's override).
enum class TimeBasis { utc, local };

// One source column and what furrow made of it (shown in the conversion report).
struct ColumnMapping {
    std::string source;    // the column as the source names it
    std::string property;  // standard property key; empty when the column is kept only in rawGeojson
    std::string unit;      // the source unit furrow read it in (empty for unitless or unmapped)
    std::string unit_from; // where the unit came from: "header", "metadata", "unit code", "exporter default", ...
};

// What furrow did with a source, for the user (`conversionReport` in the summary, `convert --report`):
// which exporter it recognised, which columns it mapped to which property and unit, which it left
// unmapped, how it decided the operation type, and every replacement or choice it made on the way.
// Readers fill what they know; the pipeline adds its own findings (time vetting, derivations).
struct ConversionReport {
    std::string exporter;                // the recognised exporter / vocabulary, e.g. "John Deere Operations Center"
    std::vector<ColumnMapping> columns;  // mapped source columns
    std::vector<std::string> unmapped;   // source columns furrow does not interpret (kept in rawGeojson)
    std::string operation_type_reason;   // why the operation type is what it is
    std::vector<std::string> warnings;   // replacements, ambiguous choices, values ignored, ...
    std::string time_zone;               // IANA zone used for local times; empty when the source is UTC
    std::vector<std::string> derived;    // standard properties the pipeline derived from others

    void warn(std::string message) { warnings.push_back(std::move(message)); }
    nlohmann::json to_json() const;
};

} // namespace furrow::schema
