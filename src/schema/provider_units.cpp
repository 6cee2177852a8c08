#include "schema/provider_units.hpp"

#include "schema/point_table.hpp"

#include <string>

namespace furrow::schema {

ProviderUnits ProviderUnits::of_source(const PointTable& raw) {
    ProviderUnits out;
    for (const auto& column : raw.columns())
        if (column.unit->family == UnitFamily::metric || column.unit->family == UnitFamily::imperial)
            out.m_units.emplace(column.id, column.unit);
    return out;
}

ProviderUnits ProviderUnits::from_json(const nlohmann::json& units) {
    ProviderUnits out;
    if (!units.is_object()) return out;
    for (const auto& [key, name] : units.items()) {
        const auto id = find_property(key);
        const Unit* u = name.is_string() ? find_unit(name.get<std::string>()) : nullptr;
        if (id && u) out.m_units.emplace(*id, u);
    }
    return out;
}

nlohmann::json ProviderUnits::to_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [id, u] : m_units) out[std::string(info(id).key)] = u->name;
    return out;
}

const Unit* ProviderUnits::unit_of(PropertyId id) const {
    const auto it = m_units.find(id);
    return it == m_units.end() ? nullptr : it->second;
}

bool ProviderUnits::imperial() const {
    int balance = 0;
    for (const auto& [id, u] : m_units) balance += u->family == UnitFamily::imperial ? 1 : -1;
    return balance > 0;
}

} // namespace furrow::schema
