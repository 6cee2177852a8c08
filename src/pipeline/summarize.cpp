#include "pipeline/summarize.hpp"

#include "geo/coverage.hpp"
#include "pipeline/product_summary.hpp"
#include "pipeline/standardize.hpp"

#include <algorithm>
#include <cmath>

namespace furrow::pipeline {
namespace {
using schema::PropertyId;

struct Stats {
    double sum = 0, min = INFINITY, max = -INFINITY;
    std::size_t count = 0;
};

Stats stats_of(const std::vector<double>& values) {
    Stats s;
    for (double v : values) {
        if (schema::is_missing(v)) continue;
        s.sum += v;
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
        ++s.count;
    }
    return s;
}

nlohmann::json quantity(double value, std::string_view unit) { return {{"value", value}, {"unit", unit}}; }

// `value` of property `id`, now in canonical `from`, as {value, unit} in `system`'s unit.
nlohmann::json quantity_in(schema::UnitSystem system, const schema::ProviderUnits& provider, PropertyId id, double value,
                           const schema::Unit& from) {
    const auto& to = schema::target_unit(system, id, from, provider);
    return quantity(schema::convert(value, from, to), to.name);
}

// A new pass starts where standardize credited no area: across pauses and position jumps.
std::vector<geo::PassPoint> passes(const schema::PointTable& t) {
    const auto& on = t.find(PropertyId::recording_status)->values;
    const auto& distance = t.find(PropertyId::distance)->values;
    const auto* width = t.find(PropertyId::equipment_width);
    std::vector<geo::PassPoint> out(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double w = width && !schema::is_missing(width->values[i]) ? width->values[i] : 0;
        const bool gap = i > 0 && !is_continuous(distance[i], t.time()[i] - t.time()[i - 1]);
        out[i] = {t.lon()[i], t.lat()[i], w, on[i] >= 0.5, gap};
    }
    return out;
}

// GeoJSON MultiPolygon coordinates, every digit kept: the simplified outline is already on the grid
// it is meant to be written with (geo::simplified_grid_degrees), the full one is not rounded.
nlohmann::json multipolygon(const std::vector<geo::Polygon>& polygons) {
    auto ring_json = [](const geo::Ring& ring) {
        nlohmann::json r = nlohmann::json::array();
        for (const auto& [lon, lat] : ring) r.push_back({lon, lat});
        return r;
    };
    nlohmann::json coordinates = nlohmann::json::array();
    for (const auto& p : polygons) {
        nlohmann::json rings = nlohmann::json::array({ring_json(p.outer)});
        for (const auto& hole : p.holes) rings.push_back(ring_json(hole));
        coordinates.push_back(rings);
    }
    return {{"type", "MultiPolygon"}, {"coordinates", coordinates}};
}

// Per-point amounts are summed; everything else gets avg/min/max.
bool is_amount(PropertyId id) {
    return id == PropertyId::area || id == PropertyId::distance || id == PropertyId::wet_mass ||
           id == PropertyId::dry_mass || id == PropertyId::wet_volume || id == PropertyId::dry_volume ||
           id == PropertyId::fuel_used;
}

void add_totals(const schema::PointTable& t, schema::UnitSystem system, const schema::ProviderUnits& provider,
                nlohmann::json& props) {
    const std::pair<PropertyId, const char*> totals[] = {
        {PropertyId::wet_mass, "totalWetMass"},     {PropertyId::dry_mass, "totalDryMass"},
        {PropertyId::wet_volume, "totalWetVolume"}, {PropertyId::dry_volume, "totalDryVolume"},
        {PropertyId::fuel_used, "totalFuelUsed"},   {PropertyId::distance, "totalDistance"},
    };
    for (const auto& [id, key] : totals)
        if (const auto* c = t.find(id)) props[key] = quantity_in(system, provider, id, stats_of(c->values).sum, *c->unit);
    // Applied product and planted seeds: rate x area, per point, summed.
    const std::tuple<PropertyId, const char*> rates[] = {{PropertyId::applied_rate, "totalApplied"},
                                                         {PropertyId::seed_rate, "totalPlanted"}};
    const auto& area = t.find(PropertyId::area)->values;
    for (const auto& [id, key] : rates) {
        const auto* c = t.find(id);
        if (!c) continue;
        double total = 0;
        for (std::size_t i = 0; i < t.size(); ++i)
            if (!schema::is_missing(c->values[i])) total += c->values[i] * area[i] / 10'000;
        const std::string_view per_area = c->unit->name;
        props[key] = quantity_in(system, provider, id, total, schema::unit(per_area.substr(0, per_area.find('/'))));
    }
}

nlohmann::json machinery_json(const schema::SourceInfo& source) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : source.machinery) {
        nlohmann::json item = {{"name", m.name}, {"type", m.type}};
        if (!m.serial_number.empty()) item["serialNumber"] = m.serial_number;
        if (!m.brand.empty()) item["brand"] = m.brand;
        out.push_back(item);
    }
    return out;
}

} // namespace

nlohmann::json units_of(const schema::PointTable& table) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& c : table.columns())
        if (c.id != PropertyId::recording_status) out[std::string(schema::info(c.id).key)] = c.unit->name;
    return out;
}

Summary summarize(const schema::MachineData& data, const std::optional<std::string>& crop, schema::UnitSystem system) {
    const auto& t = data.points;
    Summary s;
    const auto [first, last] = std::minmax_element(t.time().begin(), t.time().end());
    s.start_time = *first;
    s.end_time = *last;
    nlohmann::json props = {{"operationType", data.source.operation_type_name()},
                            {"startTime", format_iso8601(s.start_time)},
                            {"endTime", format_iso8601(s.end_time)},
                            {"pointCount", t.size()}};
    for (const auto& c : t.columns()) {
        if (is_amount(c.id) || c.id == PropertyId::recording_status) continue;
        const auto st = stats_of(c.values);
        if (st.count == 0) continue;
        const auto& to = schema::target_unit(system, c.id, *c.unit, data.provider_units);
        const double factor = schema::convert(1, *c.unit, to);
        props[std::string(schema::info(c.id).key)] = {{"avg", st.sum / static_cast<double>(st.count) * factor},
                                                      {"min", st.min * factor},
                                                      {"max", st.max * factor},
                                                      {"unit", to.name}};
    }
    s.total_area_m2 = stats_of(t.find(PropertyId::area)->values).sum;
    props["totalArea"] = quantity(s.total_area_m2, "m2");
    add_totals(t, system, data.provider_units, props);
    const auto covered = geo::coverage_outlines(passes(t), summary_max_vertices);
    props["coverageArea"] = quantity(geo::area_m2(covered.full), "m2");
    props["geometryTolerance"] = quantity(covered.tolerance_m, "m");
    props["crop"] = crop ? nlohmann::json::array({*crop}) : nlohmann::json(data.source.crops);
    props["varieties"] = data.source.varieties;
    props["machinery"] = machinery_json(data.source);
    if (data.source.operation_type == schema::OperationType::applied) {
        props["products"] = product_summary(data, system);
        props["tankMix"] = is_tank_mix(data.source);
    }
    props["reportedTotals"] = data.source.reported_totals;
    props["originalOperationData"] = {{"originalOperationType", data.source.original_operation_type}};
    props["conversionReport"] = data.report.to_json();
    s.feature = {{"type", "Feature"}, {"properties", props}, {"geometry", multipolygon(covered.simplified)}};
    s.full_geometry = multipolygon(covered.full);
    return s;
}

} // namespace furrow::pipeline
