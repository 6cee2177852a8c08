#include "schema/conversion_report.hpp"

namespace furrow::schema {

nlohmann::json ConversionReport::to_json() const {
    nlohmann::json columns_json = nlohmann::json::array();
    for (const auto& c : columns) {
        nlohmann::json one = {{"source", c.source}, {"property", c.property}};
        if (!c.unit.empty()) one["unit"] = c.unit;
        if (!c.unit_from.empty()) one["unitFrom"] = c.unit_from;
        columns_json.push_back(std::move(one));
    }
    nlohmann::json out = {{"exporter", exporter},
                          {"columns", std::move(columns_json)},
                          {"unmappedColumns", unmapped},
                          {"operationTypeReason", operation_type_reason},
                          {"derived", derived},
                          {"warnings", warnings}};
    if (!time_zone.empty()) out["timeZone"] = time_zone;
    return out;
}

} // namespace furrow::schema
