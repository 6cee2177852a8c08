#pragma once
// Units by name, each with its dimension and its factor to that dimension's canonical unit.
// Readers tag columns with the unit the source used; pipeline/standardize converts once, here.
#include <optional>
#include <string_view>

namespace furrow::schema {

enum class Dimension {
    length,          // m
    speed,           // m/s
    area,            // m2
    mass,            // kg
    volume,          // L
    mass_per_area,   // kg/ha
    volume_per_area, // L/ha
    count_per_area,  // seeds/ha
    count,           // seeds
    ratio,           // % (percentage)
    angle,           // arcdeg
    mass_flow,       // kg/s
    volume_flow,     // L/h
    time,            // s
    flag,            // 1 = on, 0 = off (recordingStatus)
};

// Which displays show a unit: unitMeasurement DEFAULT reports what the source showed (schema/
// unit_systems.hpp), and needs to tell a farmer's bu/ac from an ISO 11783 device unit (mg/m2) that
// no display shows. Neutral units (%, degrees, counts, seconds, flags) read the same everywhere.
enum class UnitFamily { neutral, metric, imperial, device };

struct Unit {
    std::string_view name;
    Dimension dimension;
    double to_canonical; // canonical value = value * to_canonical
    UnitFamily family = UnitFamily::neutral;
};

const Unit* find_unit(std::string_view name);
const Unit& unit(std::string_view name); // for names known at compile time; throws Error(internal) if unknown
const Unit& canonical_unit(Dimension dimension);
double convert(double value, const Unit& from, const Unit& to); // same dimension only

} // namespace furrow::schema
