#pragma once
// A GreenStar 2/3 .fdl file (XML, root RCDLogFile): per logged task region, the display's setup
// (client, farm, field, task, machine, implement, operator, crop / variety / products), what each
// logged column of the .fdd holds (its representation and unit code) and where in the .fdd the
// region's EvenByteDelta block starts. Nothing here reads the binary (fdd_block.hpp does).
#include "core/time.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::jd_greenstar {

// A column of the .fdd the .fdl describes: the columnID, the ADAPT / John Deere representation
// code ("vrYieldWetMass", "dtRecordingStatus") and the unit code ("kg", "ml1ha-1"; "" for defined types).
struct LoggedColumn {
    std::string id;
    std::string representation;
    std::string unit;
};

// A section of the implement: the column holding its recording state and its width in metres.
struct SectionColumn {
    std::string id;
    double width_m = 0;
};

struct Equipment {
    std::string id; // the setup's erid
    std::string name;
    std::string serial;
    std::string type; // the setup's machine / implement type name ("Combine", "Corn Head")
};

struct LogRegion {
    std::optional<TimeMs> start; // LogTaskRegion timeStamp (UTC)
    std::string time_column;     // timeColumnID: milliseconds since `start`
    std::string fdd_path;        // EvenByteDelta filePathName as written (may use '\')
    std::size_t fdd_offset = 0;  // EvenByteDelta filePosition
    std::string operation_class; // dtOperationClass value ("dtiHarvest", "dtiSeeding", ...)

    // The position the display logs for the implement (dtiComputedImplement), else the vehicle's.
    std::string latitude, longitude;
    std::vector<LoggedColumn> values;     // navigation (heading, distance, elevation), the operation's meters, machine info
    std::vector<SectionColumn> sections;  // the sections the operation's meters work with

    std::string client, farm, field, task, operator_name;
    std::optional<Equipment> machine, implement;
    std::vector<std::string> crops, varieties, products;
};

// Throws Error(corrupt_file) for malformed XML or a root that is not RCDLogFile. `name` is the
// entry's path, for messages.
std::vector<LogRegion> parse_fdl(std::string_view xml, std::string_view name);

} // namespace furrow::formats::jd_greenstar
