#pragma once
// What a format reader hands to the pipeline for one machine file: the points and what the source
// says about them (operation, crop, machines, operators, products, machine-reported totals).
#include "schema/point_table.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace furrow::schema {

inline constexpr const char* op_type_planted = "planted";
inline constexpr const char* op_type_applied = "applied";
inline constexpr const char* op_type_harvested = "harvested";
inline constexpr const char* op_type_tillage = "tillage";

struct Machinery {
    std::string id;   // the source's id (ISOXML DVC id), stable within the source
    std::string name;
    std::string type; // "machine" or "implement"
    std::string serial_number;
    std::string brand;
};

struct Person {
    std::string id;
    std::string name;
};

struct Product {
    std::string id;
    std::string name;
    std::string type; // "Component", "Carrier", or empty
};

struct SourceInfo {
    std::string operation_type;          // planted / applied / harvested / tillage, or empty when unknown
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
};

} // namespace furrow::schema
