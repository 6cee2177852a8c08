#include "pipeline/product_summary.hpp"

#include <algorithm>

namespace furrow::pipeline {
namespace {

using schema::PropertyId;

nlohmann::json quantity(double value, std::string_view unit) { return {{"value", value}, {"unit", unit}}; }

std::string type_of(const schema::SourceInfo& source, const std::string& name) {
    const auto it = std::find_if(source.products.begin(), source.products.end(),
                                 [&](const schema::Product& p) { return p.name == name; });
    return it == source.products.end() ? std::string() : it->type;
}

// One entry from a rate column (canonical, kg/ha or L/ha) and the points' `area` (m2).
nlohmann::json entry(const schema::MachineData& data, schema::UnitSystem system, const std::string& name,
                     const schema::Unit& rate_unit, const std::vector<double>& rates) {
    const auto& area = data.points.find(PropertyId::area)->values;
    double covered = 0, amount = 0; // m2; kg or L
    for (std::size_t point_idx = 0; point_idx < rates.size(); ++point_idx) {
        const double rate = rates[point_idx];
        if (schema::is_missing(rate) || rate <= 0 || schema::is_missing(area[point_idx])) continue;
        covered += area[point_idx];
        amount += rate * area[point_idx] / 10'000;
    }
    const auto& provider = data.provider_units;
    const auto& rate_to = schema::target_unit(system, PropertyId::applied_rate, rate_unit, provider);
    const std::string_view per_area = rate_unit.name;
    const auto& amount_unit = schema::unit(per_area.substr(0, per_area.find('/')));
    const auto& amount_to = schema::target_unit(system, PropertyId::applied_rate, amount_unit, provider);
    const double mean_rate = covered > 0 ? amount / covered * 10'000 : 0;
    return {{"name", name},
            {"type", type_of(data.source, name)},
            {"rate", quantity(schema::convert(mean_rate, rate_unit, rate_to), rate_to.name)},
            {"totalApplied", quantity(schema::convert(amount, amount_unit, amount_to), amount_to.name)},
            {"area", quantity(covered, "m2")}};
}

} // namespace

bool is_tank_mix(const schema::SourceInfo& source) {
    return std::any_of(source.products.begin(), source.products.end(),
                       [](const schema::Product& p) { return p.type == "Component"; });
}

nlohmann::json product_summary(const schema::MachineData& data, schema::UnitSystem system) {
    nlohmann::json out = nlohmann::json::array();
    const auto& t = data.points;
    if (!t.product_columns().empty()) {
        for (const auto& column : t.product_columns()) out.push_back(entry(data, system, column.product, *column.unit, column.values));
        return out;
    }
    const auto* applied = t.find(PropertyId::applied_rate);
    if (data.source.products.size() == 1 && applied != nullptr) {
        out.push_back(entry(data, system, data.source.products[0].name, *applied->unit, applied->values));
        return out;
    }
    for (const auto& product : data.source.products) out.push_back({{"name", product.name}, {"type", product.type}});
    return out;
}

} // namespace furrow::pipeline
