#include "formats/jd_gen4/jdl_points.hpp"

#include "formats/jd_gen4/channel_properties.hpp"
#include "formats/jd_gen4/implement_geometry.hpp"
#include "schema/crop_names.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace furrow::formats::jd_gen4 {
namespace {

using schema::PropertyId;

constexpr double missing_raw = -2147483648.0; // int32 minimum: "no value" in value channels

bool fits(PropertyId id, const schema::Unit& unit) {
    const auto& p = schema::info(id);
    return unit.dimension == p.dimension || unit.dimension == p.alt_dimension;
}

// For each property, the value channel of this file that feeds it (lowest rank, then setup order).
std::map<PropertyId, std::pair<std::uint64_t, ChannelProperty>> chosen_channels(const FileLog& log) {
    std::map<PropertyId, std::pair<std::uint64_t, ChannelProperty>> out;
    for (const auto id : log.setup.channel_order) {
        const auto prop = property_of(log.setup.channels.at(id));
        if (!prop || !fits(prop->property, *prop->unit) || !log.series.contains(id)) continue;
        const auto it = out.find(prop->property);
        if (it == out.end() || prop->rank < it->second.second.rank) out[prop->property] = {id, *prop};
    }
    return out;
}

// For each product the setup allocates to an element (field 20: a tank mix on the boom, a chemical
// per direct-injection pump), that element's applied-rate channel with samples (first in setup order).
std::map<std::string, std::pair<std::uint64_t, ChannelProperty>> product_channels(const FileLog& log) {
    std::map<std::string, std::pair<std::uint64_t, ChannelProperty>> out;
    for (const auto id : log.setup.channel_order) {
        const auto& def = log.setup.channels.at(id);
        const auto product = log.setup.element_products.find(def.element_id);
        if (product == log.setup.element_products.end() || !log.series.contains(id)) continue;
        const auto prop = property_of(def);
        if (!prop || prop->property != PropertyId::applied_rate || !fits(prop->property, *prop->unit)) continue;
        out.try_emplace(product->second, id, *prop);
    }
    return out;
}

// A value channel's value at `time_ms`: its last sample at or before it (`at` walks forward with
// the points), or nullopt before its first sample and for the "no value" marker.
std::optional<double> value_at(const ValueSeries& series, std::size_t& at, std::int64_t time_ms) {
    while (at + 1 < series.time_ms.size() && series.time_ms[at + 1] <= time_ms) ++at;
    if (series.time_ms.empty() || series.time_ms[at] > time_ms || series.raw[at] == missing_raw) return std::nullopt;
    return series.raw[at];
}

void add_file(const FileLog& log, schema::PointTable& table) {
    const auto channels = chosen_channels(log);
    const auto products = product_channels(log);
    std::map<std::string, std::size_t> product_at;
    const auto where = implement_points(log);
    std::map<PropertyId, std::size_t> series_at;
    for (std::size_t i = 0; i < log.track.size(); ++i) {
        const auto& sample = log.track[i];
        const auto& at_implement = where[i];
        const std::size_t p = table.add_point(at_implement.lon, at_implement.lat, sample.time_ms);
        table.set(PropertyId::elevation, schema::unit("m"), p, sample.elevation_m);
        table.set(PropertyId::speed, schema::unit("m/s"), p, sample.speed_m_s);
        table.set(PropertyId::recording_status, schema::unit("flag"), p, at_implement.working ? 1.0 : 0.0);
        if (!std::isnan(at_implement.heading_deg)) table.set(PropertyId::heading, schema::unit("arcdeg"), p, at_implement.heading_deg);
        if (at_implement.working) table.set(PropertyId::equipment_width, schema::unit("m"), p, at_implement.width_m);
        for (const auto& [property, chosen] : channels) {
            const auto& [id, prop] = chosen;
            if (const auto raw = value_at(log.series.at(id), series_at[property], sample.time_ms))
                table.set(property, *prop.unit, p, *raw / log.setup.channels.at(id).scale);
        }
        for (const auto& [product, chosen] : products) {
            const auto& [id, prop] = chosen;
            if (const auto raw = value_at(log.series.at(id), product_at[product], sample.time_ms))
                table.product_column(product, *prop.unit).values[p] = *raw / log.setup.channels.at(id).scale;
        }
    }
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// Seeding with an air cart: the metered rate (by weight or volume) is the seed rate. The setup does
// not say which tank holds the seed, so the first metered tank in setup order stands for it.
void seed_by_weight(schema::MachineData& data) {
    auto& t = data.points;
    const std::pair<PropertyId, PropertyId> moves[] = {{PropertyId::applied_rate, PropertyId::seed_rate},
                                                       {PropertyId::applied_rate_target, PropertyId::seed_rate_target}};
    for (const auto& [from, to] : moves) {
        const auto* column = t.find(from);
        if (column == nullptr || !fits(to, *column->unit)) continue;
        const schema::Unit* unit = column->unit;
        auto values = column->values;
        t.remove(from);
        t.column(to, *unit).values = std::move(values);
    }
    data.report.warn("seeding by weight: the first metered tank's rate is taken as the seed rate (the setup does not "
                     "say which tank holds the seed); other tanks are not converted");
}

} // namespace

std::optional<schema::OperationType> operation_type_of(const std::vector<FileLog>& logs) {
    std::set<PropertyId> fed;
    bool crop_named = false;
    for (const auto& log : logs) {
        crop_named = crop_named || !log.setup.crop.empty();
        for (const auto& [property, chosen] : chosen_channels(log)) fed.insert(property);
    }
    if (fed.contains(PropertyId::seed_rate)) return schema::OperationType::planted;
    if (fed.contains(PropertyId::wet_volume_per_area) || fed.contains(PropertyId::wet_mass_per_area) ||
        fed.contains(PropertyId::crop_flow))
        return schema::OperationType::harvested;
    // An air cart meters seed by weight: the card names the crop it sows (sprayers and spreaders
    // name none), and its rates are mass or volume per area.
    if (fed.contains(PropertyId::applied_rate)) return crop_named ? schema::OperationType::planted : schema::OperationType::applied;
    return std::nullopt;
}

schema::MachineData build_machine_data(const std::vector<FileLog>& logs) {
    schema::MachineData data;
    auto& src = data.source;
    for (const auto& log : logs) {
        add_file(log, data.points);
        const auto& s = log.setup;
        if (src.customer.empty()) src.customer = s.client;
        if (src.farm.empty()) src.farm = s.farm;
        if (src.field.empty()) src.field = s.field;
        if (!s.crop.empty()) add_unique(src.crops, schema::normalise_crop(s.crop));
        for (const auto& v : s.varieties) add_unique(src.varieties, v);
        for (const auto& m : s.machines) {
            const std::string id = std::to_string(m.id) + ":" + m.serial + ":" + m.name;
            const bool known = std::any_of(src.machinery.begin(), src.machinery.end(),
                                           [&](const schema::Machinery& k) { return k.id == id; });
            if (known || (m.name.empty() && m.serial.empty())) continue;
            src.machinery.push_back({id, m.name, m.kind == 1 ? "machine" : "implement", m.serial, "John Deere", {}});
        }
        for (const auto& name : s.products) {
            const bool known = std::any_of(src.products.begin(), src.products.end(),
                                           [&](const schema::Product& p) { return p.name == name; });
            if (!known) src.products.push_back({name, name, ""});
        }
    }
    src.operation_type = operation_type_of(logs);
    src.original_operation_type = schema::to_string(src.operation_type);
    if (src.operation_type == schema::OperationType::planted && !data.points.find(PropertyId::seed_rate))
        seed_by_weight(data);
    data.report.exporter = "John Deere Gen4 display (.jdl)";
    data.report.operation_type_reason =
        !src.operation_type ? "no channel with a yield, seed-rate or application-rate DDI"
                                   : "from the ISO 11783-11 DDIs of the logged channels (setup field 7)";
    for (const auto& log : logs)
        for (const auto& [property, chosen] : chosen_channels(log)) {
            const auto& def = log.setup.channels.at(chosen.first);
            const std::string source = "channel " + std::to_string(def.id) + " (DDI " + std::to_string(def.ddi) + ", code " +
                                       std::to_string(def.code) + ")";
            const bool known = std::any_of(data.report.columns.begin(), data.report.columns.end(),
                                           [&](const schema::ColumnMapping& c) { return c.source == source; });
            if (!known)
                data.report.columns.push_back({source, std::string(schema::info(property).key),
                                               std::string(chosen.second.unit->name), "setup unit text " + def.unit});
        }
    return data;
}

} // namespace furrow::formats::jd_gen4
