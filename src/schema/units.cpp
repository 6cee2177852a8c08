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

constexpr std::array<Unit, 54> units = {{
    {"m", Dimension::length, 1, UnitFamily::metric},
    {"mm", Dimension::length, 0.001, UnitFamily::device},
    {"cm", Dimension::length, 0.01, UnitFamily::metric},
    {"km", Dimension::length, 1000, UnitFamily::metric},
    {"ft", Dimension::length, foot, UnitFamily::imperial},
    {"in", Dimension::length, foot / 12, UnitFamily::imperial},
    {"mi", Dimension::length, 1609.344, UnitFamily::imperial},
    {"m/s", Dimension::speed, 1, UnitFamily::metric},
    {"mm/s", Dimension::speed, 0.001, UnitFamily::device},
    {"km/h", Dimension::speed, 1 / 3.6, UnitFamily::metric},
    {"mi/hr", Dimension::speed, 1609.344 / 3600, UnitFamily::imperial},
    {"ft/s", Dimension::speed, foot, UnitFamily::imperial},
    {"in/s", Dimension::speed, foot / 12, UnitFamily::imperial},
    {"m2", Dimension::area, 1, UnitFamily::metric},
    {"ha", Dimension::area, 10'000, UnitFamily::metric},
    {"ac", Dimension::area, acre, UnitFamily::imperial},
    {"ft2", Dimension::area, foot * foot, UnitFamily::imperial},
    {"kg", Dimension::mass, 1, UnitFamily::metric},
    {"g", Dimension::mass, 0.001, UnitFamily::device},
    {"t", Dimension::mass, 1000, UnitFamily::metric},
    {"lb", Dimension::mass, pound, UnitFamily::imperial},
    {"ton", Dimension::mass, 2000 * pound, UnitFamily::imperial}, // US short ton (ADAPT "ton")
    {"L", Dimension::volume, 1, UnitFamily::metric},
    {"ml", Dimension::volume, 0.001, UnitFamily::device},
    {"m3", Dimension::volume, 1000, UnitFamily::metric},
    {"gal", Dimension::volume, gallon, UnitFamily::imperial},
    {"bu", Dimension::volume, bushel, UnitFamily::imperial},
    {"kg/ha", Dimension::mass_per_area, 1, UnitFamily::metric},
    {"mg/m2", Dimension::mass_per_area, 0.01, UnitFamily::device},
    {"t/ha", Dimension::mass_per_area, 1000, UnitFamily::metric},
    {"lb/ac", Dimension::mass_per_area, pound / acre * 10'000, UnitFamily::imperial},
    {"ton/ac", Dimension::mass_per_area, 2000 * pound / acre * 10'000, UnitFamily::imperial},
    {"L/ha", Dimension::volume_per_area, 1, UnitFamily::metric},
    {"ml/m2", Dimension::volume_per_area, 10, UnitFamily::device},
    {"mm3/m2", Dimension::volume_per_area, 0.01, UnitFamily::device},
    {"ml/ha", Dimension::volume_per_area, 0.001, UnitFamily::device}, // GreenStar rates ("ml1ha-1")
    {"m3/ha", Dimension::volume_per_area, 1000, UnitFamily::metric},
    {"gal/ac", Dimension::volume_per_area, gallon / acre * 10'000, UnitFamily::imperial},
    {"bu/ac", Dimension::volume_per_area, bushel / acre * 10'000, UnitFamily::imperial},
    {"seeds/ha", Dimension::count_per_area, 1, UnitFamily::metric},
    {"seeds/m2", Dimension::count_per_area, 10'000, UnitFamily::device},
    {"seeds/ac", Dimension::count_per_area, 10'000 / acre, UnitFamily::imperial},
    {"seeds", Dimension::count, 1, UnitFamily::neutral},
    {"percentage", Dimension::ratio, 1, UnitFamily::neutral},
    {"ppm", Dimension::ratio, 1e-4, UnitFamily::neutral},
    {"arcdeg", Dimension::angle, 1, UnitFamily::neutral},
    {"kg/s", Dimension::mass_flow, 1, UnitFamily::metric},
    {"mg/s", Dimension::mass_flow, 1e-6, UnitFamily::device},
    {"lb/s", Dimension::mass_flow, pound, UnitFamily::imperial},
    {"kg/h", Dimension::mass_flow, 1.0 / 3600, UnitFamily::metric},
    {"L/h", Dimension::volume_flow, 1, UnitFamily::metric},
    {"gal/hr", Dimension::volume_flow, gallon, UnitFamily::imperial},
    {"s", Dimension::time, 1, UnitFamily::neutral},
    {"flag", Dimension::flag, 1, UnitFamily::neutral},
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
