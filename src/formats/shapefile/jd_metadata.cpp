#include "formats/shapefile/jd_metadata.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "formats/columns/unit_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace furrow::formats::shapefile {
namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? trim(it->get<std::string>()) : std::string();
}

void read_units(const json& attributes, JdMetadata& out, std::string_view entry_name) {
    if (!attributes.is_array()) return;
    for (const auto& attribute : attributes) {
        if (!attribute.is_object()) continue;
        const std::string name = text_of(attribute, "Name");
        const std::string unit_text = text_of(attribute, "Unit");
        if (name.empty() || unit_text.empty()) continue;
        const auto* unit = jd_unit(unit_text);
        // A unit furrow does not know is kept as nullptr: the column then stays unmapped (a guessed
        // unit would give wrong numbers) and the report says why.
        if (unit == nullptr) out.warnings.push_back(fmt::format("{}: unit '{}' of {} is not known", entry_name, unit_text, name));
        out.units[to_lower(name)] = unit;
    }
}

// "MachineUsage": {"1": {"MachineId", "MachineSerial", "OperatorId"}, ...}
void read_machines(const json& usage, JdMetadata& out) {
    if (!usage.is_object()) return;
    for (const auto& [index, machine] : usage.items()) {
        if (!machine.is_object()) continue;
        const std::string id = text_of(machine, "MachineId");
        // The metadata names no make: an Ops Center export may hold any brand's machine.
        if (!id.empty()) {
            out.machines.push_back({id, "", "machine", text_of(machine, "MachineSerial"), "", {}});
            out.machine_keys.push_back(index);
        }
        const std::string operator_id = text_of(machine, "OperatorId");
        if (!operator_id.empty()) out.operators.push_back({operator_id, "", id, {}});
    }
}

} // namespace

const schema::Unit* jd_unit(std::string_view text) { return columns::parse_unit(text); }

std::optional<schema::OperationType> jd_operation_type(std::string_view operation) {
    const std::string op = to_lower(trim(operation));
    if (op == "harvest") return schema::OperationType::harvested;
    if (op == "seeding" || op == "planting") return schema::OperationType::planted;
    if (op == "application") return schema::OperationType::applied;
    if (op == "tillage") return schema::OperationType::tillage;
    return std::nullopt;
}

JdMetadata parse_jd_metadata(std::string_view json_text, std::string_view entry_name) {
    const json doc = json::parse(json_text, nullptr, false);
    if (!doc.is_object())
        throw Error(ErrorCode::corrupt_file, fmt::format("shapefile: {}: not a JSON object", entry_name));
    JdMetadata out;
    out.operation = text_of(doc, "Operation");
    out.crop_token = text_of(doc, "CropToken");
    out.client = text_of(doc, "ClientName");
    out.farm = text_of(doc, "FarmName");
    out.field = text_of(doc, "FieldName");
    if (const auto it = doc.find("DataAttributes"); it != doc.end()) read_units(*it, out, entry_name);
    if (const auto it = doc.find("MachineUsage"); it != doc.end()) read_machines(*it, out);
    return out;
}

} // namespace furrow::formats::shapefile
