#include "schema/units.hpp"

#include "core/error.hpp"

#include <array>

namespace furrow::schema {
namespace {

// US customary where Leaf reports it (ft, mi/hr, ac, lb, gal, bu); bushel is the US dry bushel.
constexpr double foot = 0.3048;
constexpr double acre = 4046.8564224;
constexpr double pound = 0.45359237;
constexpr double gallon = 3.785411784;
constexpr double bushel = 35.23907016688;

constexpr std::array<Unit, 49> units = {{
    {"m", Dimension::length, 1},
    {"mm", Dimension::length, 0.001},
    {"cm", Dimension::length, 0.01},
    {"km", Dimension::length, 1000},
    {"ft", Dimension::length, foot},
    {"in", Dimension::length, foot / 12},
    {"m/s", Dimension::speed, 1},
    {"mm/s", Dimension::speed, 0.001},
    {"km/h", Dimension::speed, 1 / 3.6},
    {"mi/hr", Dimension::speed, 1609.344 / 3600},
    {"ft/s", Dimension::speed, foot},
    {"in/s", Dimension::speed, foot / 12},
    {"m2", Dimension::area, 1},
    {"ha", Dimension::area, 10'000},
    {"ac", Dimension::area, acre},
    {"ft2", Dimension::area, foot * foot},
    {"kg", Dimension::mass, 1},
    {"g", Dimension::mass, 0.001},
    {"t", Dimension::mass, 1000},
    {"lb", Dimension::mass, pound},
    {"L", Dimension::volume, 1},
    {"ml", Dimension::volume, 0.001},
    {"m3", Dimension::volume, 1000},
    {"gal", Dimension::volume, gallon},
    {"bu", Dimension::volume, bushel},
    {"kg/ha", Dimension::mass_per_area, 1},
    {"mg/m2", Dimension::mass_per_area, 0.01},
    {"t/ha", Dimension::mass_per_area, 1000},
    {"lb/ac", Dimension::mass_per_area, pound / acre * 10'000},
    {"L/ha", Dimension::volume_per_area, 1},
    {"ml/m2", Dimension::volume_per_area, 10},
    {"mm3/m2", Dimension::volume_per_area, 0.01},
    {"m3/ha", Dimension::volume_per_area, 1000},
    {"gal/ac", Dimension::volume_per_area, gallon / acre * 10'000},
    {"bu/ac", Dimension::volume_per_area, bushel / acre * 10'000},
    {"seeds/ha", Dimension::count_per_area, 1},
    {"seeds/m2", Dimension::count_per_area, 10'000},
    {"seeds/ac", Dimension::count_per_area, 10'000 / acre},
    {"seeds", Dimension::count, 1},
    {"percentage", Dimension::ratio, 1},
    {"ppm", Dimension::ratio, 1e-4},
    {"arcdeg", Dimension::angle, 1},
    {"kg/s", Dimension::mass_flow, 1},
    {"mg/s", Dimension::mass_flow, 1e-6},
    {"lb/s", Dimension::mass_flow, pound},
    {"L/h", Dimension::volume_flow, 1},
    {"gal/hr", Dimension::volume_flow, gallon},
    {"s", Dimension::time, 1},
    {"flag", Dimension::flag, 1},
}};

} // namespace

const Unit* find_unit(std::string_view name) {
    for (const auto& u : units)
        if (u.name == name) return &u;
    return nullptr;
}

const Unit& unit(std::string_view name) {
    if (const auto* u = find_unit(name)) return *u;
    throw Error(ErrorCode::internal, "schema: unknown unit '" + std::string(name) + "'");
}

const Unit& canonical_unit(Dimension dimension) {
    switch (dimension) {
    case Dimension::length: return unit("m");
    case Dimension::speed: return unit("m/s");
    case Dimension::area: return unit("m2");
    case Dimension::mass: return unit("kg");
    case Dimension::volume: return unit("L");
    case Dimension::mass_per_area: return unit("kg/ha");
    case Dimension::volume_per_area: return unit("L/ha");
    case Dimension::count_per_area: return unit("seeds/ha");
    case Dimension::count: return unit("seeds");
    case Dimension::ratio: return unit("percentage");
    case Dimension::angle: return unit("arcdeg");
    case Dimension::mass_flow: return unit("kg/s");
    case Dimension::volume_flow: return unit("L/h");
    case Dimension::time: return unit("s");
    case Dimension::flag: return unit("flag");
    }
    return unit("m");
}

double convert(double value, const Unit& from, const Unit& to) {
    if (from.dimension != to.dimension)
        throw Error(ErrorCode::internal, "schema: cannot convert " + std::string(from.name) + " to " + std::string(to.name));
    return value * from.to_canonical / to.to_canonical;
}

} // namespace furrow::schema
