#pragma once
// John Deere Operations Center writes "<name>-Deere-Metadata.json" beside its shapefiles: the
// operation, crop, client/farm/field, machines, and the unit of every data column.
#include "schema/machine_data.hpp"

#include <map>
#include <string>
#include <string_view>

namespace furrow::formats::shapefile {

struct JdMetadata {
    std::string operation;  // "Harvest", "Seeding", "Application", "Tillage"
    std::string crop_token; // "OATS", "WHEAT_HRD_RD_SPR"
    std::string client, farm, field;
    std::map<std::string, const schema::Unit*> units; // lower-case attribute name -> unit (nullptr: not known)
    std::vector<schema::Machinery> machines;
    std::vector<std::string> machine_keys; // the MachineUsage key of each of `machines` ("1", "2")
    std::vector<schema::Person> operators;
    std::vector<std::string> warnings; // units furrow does not know (those columns get no metadata unit)
};

// Throws Error(corrupt_file) for text that is not the metadata object. A unit furrow does not
// know is a nullptr in `units` and named in `warnings` (a guessed unit would give wrong numbers).
JdMetadata parse_jd_metadata(std::string_view json_text, std::string_view entry_name);
// JD unit notation to furrow's: "lb1ac-1" -> "lb/ac", "prcnt" -> "percentage"; nullptr if unknown.
const schema::Unit* jd_unit(std::string_view text);
// Operation word to furrow's operation type (none when unknown).
std::optional<schema::OperationType> jd_operation_type(std::string_view operation);

} // namespace furrow::formats::shapefile
