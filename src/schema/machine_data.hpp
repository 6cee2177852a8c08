#pragma once
// What a format reader hands to the pipeline for one machine file: the points and what the source
// says about them (operation, crop, machines, operators, products, machine-reported totals).
#include "schema/conversion_report.hpp"
#include "schema/operation_type.hpp"
#include "schema/point_table.hpp"
#include "schema/provider_units.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace furrow::schema {

// When the source says an asset was at work (ISOXML allocation stamps, ASP inside DAN/WAN).
struct TimeSpan {
    TimeMs start = 0;
    TimeMs stop = 0;
};

struct Machinery {
    std::string id;   // the source's id (ISOXML DVC id), stable within the source
    std::string name;
    std::string type; // "machine" or "implement"
    std::string serial_number;
    std::string brand;
    std::vector<TimeSpan> periods; // empty: the source does not say when (then: the whole file)
};

struct Person {
    std::string id;
    std::string name;
    std::string machine_id;        // the machine (Machinery::id) they drove, when the source says so
    std::vector<TimeSpan> periods; // empty: the source does not say when (then: the whole file)
};

struct Product {
    std::string id;
    std::string name;
    std::string type; // "Component", "Carrier", or empty
};

struct SourceInfo {
    std::optional<OperationType> operation_type; // none when nothing in the source tells
    // A type the source names that is none of the four (a GeoJSON operationType "spraying"): the
    // file fails with it in the message instead of being guessed from its columns.
    std::string unsupported_operation_type;
    // As the outputs spell it: the type's name, else the unsupported word, else "".
    std::string operation_type_name() const {
        return operation_type ? std::string(to_string(*operation_type)) : unsupported_operation_type;
    }
    std::string original_operation_type; // the source's own word, e.g. "Harvesting"
    std::vector<std::string> crops;      // as the source names them (normalised later)
    std::vector<std::string> varieties;
    std::vector<Product> products;
    std::vector<Machinery> machinery;
    std::vector<Person> operators;
    std::string customer, farm, field, task_name;
    // Totals the machine itself recorded (e.g. ISOXML TIM/DLV), keyed by standard property or DDI,
    // {value, unit}: kept for cross-checks and shown in the summary as `reportedTotals`.
    nlohmann::json reported_totals = nlohmann::json::object();
};

struct MachineData {
    SourceInfo source;
    PointTable points;
    TimeBasis time_basis = TimeBasis::utc;
    // The zone the user names for this upload's local times (?timeZone=, `convert --time-zone`):
    // set by the caller before standardize; empty: the zone of the data's position.
    std::string local_time_zone;
    ConversionReport report;
    // The display units the source used, set by standardize before it converts to canonical units:
    // what unitMeasurement DEFAULT reports in (schema/unit_systems.hpp).
    ProviderUnits provider_units;
};

} // namespace furrow::schema
