#include "schema/unit_systems.hpp"

#include <algorithm>
#include <string_view>

namespace furrow::schema {
namespace {

struct Target {
    std::string_view metric;
    std::string_view imperial;
};

// Where a property departs from its dimension's rule: depths are small lengths; product rates,
// drilled seed and fuel are not yields, so they stay in kg, L and gal rather than t, m3 and bu.
std::optional<Target> property_target(PropertyId id, Dimension dimension) {
    switch (id) {
    case PropertyId::tillage_depth_actual:
    case PropertyId::tillage_depth_target:
        if (dimension == Dimension::length) return Target{"cm", "in"};
        break;
    case PropertyId::applied_rate:
    case PropertyId::applied_rate_target:
    case PropertyId::seed_rate:
    case PropertyId::seed_rate_target:
        if (dimension == Dimension::volume_per_area) return Target{"L/ha", "gal/ac"};
        if (dimension == Dimension::mass_per_area) return Target{"kg/ha", "lb/ac"};
        if (dimension == Dimension::volume) return Target{"L", "gal"}; // totalApplied
        if (dimension == Dimension::mass) return Target{"kg", "lb"};
        break;
    case PropertyId::fuel_used:
        if (dimension == Dimension::volume) return Target{"L", "gal"};
        break;
    default: break;
    }
    return std::nullopt;
}

// The contract-facts §6 table, by dimension.
std::optional<Target> dimension_target(Dimension dimension) {
    switch (dimension) {
    case Dimension::length: return Target{"m", "ft"};
    case Dimension::speed: return Target{"m/s", "ft/s"};
    case Dimension::area: return Target{"ha", "ac"};
    case Dimension::mass: return Target{"t", "lb"};
    case Dimension::volume: return Target{"m3", "bu"};
    case Dimension::mass_per_area: return Target{"t/ha", "lb/ac"};
    case Dimension::volume_per_area: return Target{"m3/ha", "bu/ac"};
    case Dimension::count_per_area: return Target{"seeds/ha", "seeds/ac"};
    case Dimension::mass_flow: return Target{"kg/s", "lb/s"};
    case Dimension::volume_flow: return Target{"L/h", "gal/hr"};
    default: return std::nullopt; // percent, degrees, counts, seconds and flags read the same everywhere
    }
}

} // namespace

namespace {

const Unit& system_target(bool metric, PropertyId id, const Unit& current) {
    auto target = property_target(id, current.dimension);
    if (!target) target = dimension_target(current.dimension);
    if (!target) return current;
    return unit(metric ? target->metric : target->imperial);
}

// unitMeasurement DEFAULT: rules 1-3 of the header.
const Unit& provider_target(PropertyId id, const Unit& current, const ProviderUnits& provider) {
    if (const Unit* written = provider.unit_of(id); written && written->dimension == current.dimension) return *written;
    if (current.dimension == Dimension::area || !provider.imperial()) return current;
    if (current.dimension == Dimension::speed) return unit("mi/hr");
    return system_target(false, id, current);
}

} // namespace

const Unit& target_unit(UnitSystem system, PropertyId id, const Unit& current, const ProviderUnits& provider) {
    if (system == UnitSystem::default_units) return provider_target(id, current, provider);
    return system_target(system == UnitSystem::metric, id, current);
}

void convert_to_system(PointTable& table, UnitSystem system, const ProviderUnits& provider) {
    for (auto& column : table.columns()) {
        const Unit& to = target_unit(system, column.id, *column.unit, provider);
        if (&to == column.unit) continue;
        // Every unit is a plain factor of its canonical one, so one ratio serves the whole column.
        const double factor = convert(1, *column.unit, to);
        for (double& v : column.values) v *= factor; // NaN (missing) stays NaN
        column.unit = &to;
    }
    for (auto& column : table.product_columns()) { // in appliedRate's unit system
        const Unit& to = target_unit(system, PropertyId::applied_rate, *column.unit, provider);
        if (&to == column.unit) continue;
        const double factor = convert(1, *column.unit, to);
        for (double& v : column.values) v *= factor;
        column.unit = &to;
    }
}

std::vector<double> canonical_values(const PointTable& table, PropertyId id) {
    const auto* column = table.find(id);
    if (column == nullptr) return {};
    const double factor = convert(1, *column->unit, canonical_unit(column->unit->dimension));
    auto values = column->values;
    if (factor != 1)
        for (double& v : values) v *= factor;
    return values;
}

const MachineData& in_system(const MachineData& data, UnitSystem system, std::optional<MachineData>& copy) {
    const auto& columns = data.points.columns();
    const auto& products = data.points.product_columns();
    const bool unchanged = std::all_of(columns.begin(), columns.end(), [&](const auto& column) {
        return &target_unit(system, column.id, *column.unit, data.provider_units) == column.unit;
    }) && std::all_of(products.begin(), products.end(), [&](const auto& column) {
        return &target_unit(system, PropertyId::applied_rate, *column.unit, data.provider_units) == column.unit;
    });
    if (unchanged) return data;
    copy.emplace(data);
    convert_to_system(copy->points, system, data.provider_units);
    return *copy;
}

} // namespace furrow::schema
