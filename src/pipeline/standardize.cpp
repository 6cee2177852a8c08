#include "pipeline/standardize.hpp"

#include "core/error.hpp"
#include "geo/geodesic.hpp"
#include "pipeline/local_times.hpp"
#include "schema/crop_names.hpp"
#include "schema/crops.hpp"

#include <fmt/format.h>

#include <cmath>

namespace furrow::pipeline {
namespace {
using schema::PropertyId;
using schema::is_missing;

bool valid_position(double lon, double lat) {
    return std::isfinite(lon) && std::isfinite(lat) && std::fabs(lat) <= 90 && std::fabs(lon) <= 180 &&
           !(lon == 0 && lat == 0);
}

std::size_t drop_invalid_positions(schema::PointTable& t) {
    std::vector<bool> keep(t.size());
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        keep[i] = valid_position(t.lon()[i], t.lat()[i]);
        dropped += keep[i] ? 0 : 1;
    }
    if (dropped > 0) t.keep(keep);
    return dropped;
}

void check_operation(const schema::SourceInfo& source) {
    if (source.operation_type) return;
    const auto& word = source.unsupported_operation_type;
    throw Error(ErrorCode::unsupported_format, "unsupported operation type: " + (word.empty() ? std::string("unknown") : word));
}

void require(const schema::PointTable& t, std::initializer_list<PropertyId> any_of, const char* name) {
    for (const auto id : any_of)
        if (t.find(id)) return;
    throw Error(ErrorCode::unsupported_format, std::string("missing required properties: ") + name);
}

void check_required(const schema::MachineData& data) {
    using schema::OperationType;
    const auto op = data.source.operation_type;
    const auto& t = data.points;
    // Any one form of the yield gives all the others (derive_yield).
    if (op == OperationType::harvested)
        require(t, {PropertyId::wet_mass_per_area, PropertyId::crop_flow, PropertyId::dry_mass_per_area, PropertyId::wet_volume_per_area,
                    PropertyId::dry_volume_per_area, PropertyId::wet_mass, PropertyId::dry_mass, PropertyId::wet_volume,
                    PropertyId::dry_volume},
                "wetMassPerArea");
    if (op == OperationType::applied) require(t, {PropertyId::applied_rate}, "appliedRate");
    if (op == OperationType::planted) require(t, {PropertyId::seed_rate}, "seedRate");
    // A source that logged each point's worked area (swath polygons) needs no width to get it.
    if (op != OperationType::tillage) require(t, {PropertyId::equipment_width, PropertyId::area}, "equipmentWidth");
}

// distance, heading and speed from consecutive positions, wherever the source gave none: a
// machine's own odometer, compass or radar is kept when it logged one.
void derive_motion(schema::PointTable& t) {
    auto& distance = t.column(PropertyId::distance, schema::unit("m")).values;
    const bool has_heading = t.find(PropertyId::heading) != nullptr;
    const bool has_speed = t.find(PropertyId::speed) != nullptr;
    auto& heading = t.column(PropertyId::heading, schema::unit("arcdeg")).values;
    auto& speed = t.column(PropertyId::speed, schema::unit("m/s")).values;
    const auto& lon = t.lon();
    const auto& lat = t.lat();
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i == 0) {
            if (is_missing(distance[i])) distance[i] = 0;
            if (!has_heading && t.size() > 1) heading[i] = geo::inverse(lon[0], lat[0], lon[1], lat[1]).azimuth_deg;
            continue;
        }
        const auto step = geo::inverse(lon[i - 1], lat[i - 1], lon[i], lat[i]);
        if (is_missing(distance[i])) distance[i] = step.distance_m;
        if (!has_heading && step.distance_m > 0) heading[i] = step.azimuth_deg;
        else if (!has_heading) heading[i] = heading[i - 1];
        const TimeMs elapsed = t.time()[i] - t.time()[i - 1];
        if (!has_speed && elapsed > 0 && is_continuous(step.distance_m, elapsed))
            speed[i] = step.distance_m / (static_cast<double>(elapsed) / 1000);
    }
}

// area = width x distance while working, wherever the source did not log the point's area itself
// (swath polygons do).
void derive_area(schema::PointTable& t) {
    if (!t.find(PropertyId::recording_status)) {
        auto& on = t.column(PropertyId::recording_status, schema::unit("flag")).values;
        std::fill(on.begin(), on.end(), 1.0);
    }
    const auto* width = t.find(PropertyId::equipment_width);
    const auto& on = t.find(PropertyId::recording_status)->values;
    const auto& distance = t.find(PropertyId::distance)->values;
    auto& area = t.column(PropertyId::area, schema::unit("m2")).values;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!is_missing(area[i])) continue;
        const double w = width ? width->values[i] : schema::missing;
        const bool continuous = i > 0 && is_continuous(distance[i], t.time()[i] - t.time()[i - 1]);
        area[i] = on[i] >= 0.5 && !is_missing(w) && continuous ? w * distance[i] : 0;
    }
}

// per-area value x area (m²) -> amount; kg/ha x m² / 10 000 = kg, L/ha likewise. An amount the
// source logged itself is kept.
void amount_from_rate(schema::PointTable& t, PropertyId rate, PropertyId amount, const char* unit) {
    const auto* r = t.find(rate);
    if (!r || t.find(amount)) return;
    const auto& rates = r->values;
    const auto& area = t.find(PropertyId::area)->values;
    auto& out = t.column(amount, schema::unit(unit)).values;
    for (std::size_t i = 0; i < t.size(); ++i) out[i] = rates[i] * area[i] / 10'000;
}

// The yield in the four forms of docs/SCHEMA.md, from whichever the source logged. Per point:
// dry/wet = (100 - moisture) / (100 - the crop's standard moisture), 1 without either (Leaf's
// rule); volume = mass / the crop's density. Logged values are kept; the others are filled in.
class YieldForms {
public:
    YieldForms(schema::PointTable& t, const std::optional<schema::Crop>& crop) : m_t(t), m_crop(crop) {}

    std::vector<std::string> derive() {
        rates_from_amounts();
        const bool had_wet = present(PropertyId::wet_mass_per_area), had_dry = present(PropertyId::dry_mass_per_area);
        const bool had_wet_volume = present(PropertyId::wet_volume_per_area), had_dry_volume = present(PropertyId::dry_volume_per_area);
        if (!had_wet) wet_mass_from_other_forms();
        if (!had_dry && present(PropertyId::wet_mass_per_area))
            fill(PropertyId::dry_mass_per_area, "kg/ha", [&](std::size_t i) { return wet(i) * dry_ratio(i); });
        if (has_density()) {
            if (!had_wet_volume && present(PropertyId::wet_mass_per_area))
                fill(PropertyId::wet_volume_per_area, "L/ha", [&](std::size_t i) { return wet(i) / density(); });
            if (!had_dry_volume && present(PropertyId::dry_mass_per_area)) // the monitor's own dry yield wins
                fill(PropertyId::dry_volume_per_area, "L/ha", [&](std::size_t i) { return value(PropertyId::dry_mass_per_area, i) / density(); });
        } else if (had_wet_volume != had_dry_volume) { // no density: volumes from each other only
            if (had_dry_volume)
                fill(PropertyId::wet_volume_per_area, "L/ha", [&](std::size_t i) { return value(PropertyId::dry_volume_per_area, i) / dry_ratio(i); });
            else
                fill(PropertyId::dry_volume_per_area, "L/ha", [&](std::size_t i) { return value(PropertyId::wet_volume_per_area, i) * dry_ratio(i); });
        }
        return std::move(m_derived);
    }

private:
    bool present(PropertyId id) const { return m_t.find(id) != nullptr; }
    double value(PropertyId id, std::size_t i) const { return m_t.find(id)->values[i]; }
    double wet(std::size_t i) const { return value(PropertyId::wet_mass_per_area, i); }
    bool has_density() const { return m_crop && m_crop->has_density(); }
    double density() const { return m_crop->density_kg_per_l(); }

    double dry_ratio(std::size_t i) const {
        const auto* moisture = m_t.find(PropertyId::harvest_moisture);
        if (!m_crop || !m_crop->standard_moisture || !moisture || is_missing(moisture->values[i])) return 1;
        return (100 - moisture->values[i]) / (100 - *m_crop->standard_moisture);
    }

    template <typename Fn> void fill(PropertyId id, const char* unit, Fn&& of_point) {
        auto& out = m_t.column(id, schema::unit(unit)).values;
        for (std::size_t i = 0; i < m_t.size(); ++i) out[i] = of_point(i);
        m_derived.emplace_back(schema::info(id).key);
    }

    // A source that logged what each point harvested (wetMass, dryVolume, ...) but no rate: the
    // rate is that amount over the point's area (kg / m² x 10 000 = kg/ha; L likewise).
    void rates_from_amounts() {
        constexpr std::pair<PropertyId, PropertyId> pairs[] = {{PropertyId::wet_mass, PropertyId::wet_mass_per_area},
                                                               {PropertyId::dry_mass, PropertyId::dry_mass_per_area},
                                                               {PropertyId::wet_volume, PropertyId::wet_volume_per_area},
                                                               {PropertyId::dry_volume, PropertyId::dry_volume_per_area}};
        const auto& area = m_t.find(PropertyId::area)->values;
        for (const auto& [amount, rate] : pairs) {
            const auto* logged = m_t.find(amount);
            if (logged == nullptr || present(rate)) continue;
            const bool mass = amount == PropertyId::wet_mass || amount == PropertyId::dry_mass;
            fill(rate, mass ? "kg/ha" : "L/ha",
                 [&](std::size_t i) { return area[i] > 0 ? logged->values[i] / area[i] * 10'000 : schema::missing; });
        }
    }

    // Wet mass per area: from the mass flow (kg/s / (m x m/s) = kg/m²), else the dry mass, else
    // a volume times the density.
    void wet_mass_from_other_forms() {
        const auto* flow = m_t.find(PropertyId::crop_flow);
        const auto* width = m_t.find(PropertyId::equipment_width);
        if (flow && width) {
            const auto& speed = m_t.find(PropertyId::speed)->values;
            return fill(PropertyId::wet_mass_per_area, "kg/ha", [&](std::size_t i) {
                const double swept = width->values[i] * speed[i];
                return swept > 0 ? flow->values[i] / swept * 10'000 : schema::missing;
            });
        }
        if (present(PropertyId::dry_mass_per_area))
            return fill(PropertyId::wet_mass_per_area, "kg/ha", [&](std::size_t i) { return value(PropertyId::dry_mass_per_area, i) / dry_ratio(i); });
        if (!has_density()) return;
        if (present(PropertyId::wet_volume_per_area))
            return fill(PropertyId::wet_mass_per_area, "kg/ha", [&](std::size_t i) { return value(PropertyId::wet_volume_per_area, i) * density(); });
        if (present(PropertyId::dry_volume_per_area))
            return fill(PropertyId::wet_mass_per_area, "kg/ha",
                        [&](std::size_t i) { return value(PropertyId::dry_volume_per_area, i) * density() / dry_ratio(i); });
    }

    schema::PointTable& m_t;
    const std::optional<schema::Crop>& m_crop;
    std::vector<std::string> m_derived;
};

void derive_yield(schema::MachineData& data, const std::optional<schema::Crop>& crop) {
    auto& t = data.points;
    for (auto& name : YieldForms(t, crop).derive()) data.report.derived.push_back(std::move(name));
    if (!t.find(PropertyId::wet_mass_per_area))
        data.report.warn("the yield is logged by volume only and the crop's density is not known: no masses");
    amount_from_rate(t, PropertyId::wet_mass_per_area, PropertyId::wet_mass, "kg");
    amount_from_rate(t, PropertyId::dry_mass_per_area, PropertyId::dry_mass, "kg");
    amount_from_rate(t, PropertyId::wet_volume_per_area, PropertyId::wet_volume, "L");
    amount_from_rate(t, PropertyId::dry_volume_per_area, PropertyId::dry_volume, "L");
}

std::optional<schema::Crop> crop_of(const schema::SourceInfo& source) {
    // Readers normalise their crop names already; a reader that did not still gets the vocabulary.
    for (const auto& name : source.crops)
        if (auto crop = schema::find_crop(schema::normalise_crop(name))) return crop;
    return std::nullopt;
}

} // namespace

bool is_continuous(double distance_m, TimeMs elapsed_ms) {
    constexpr TimeMs max_pause_ms = 30'000;
    constexpr double max_speed = 100; // m/s
    const double seconds = std::max(static_cast<double>(elapsed_ms) / 1000, 1.0);
    return elapsed_ms >= 0 && elapsed_ms <= max_pause_ms && distance_m <= max_speed * seconds;
}

void convert_to_canonical(schema::PointTable& table) {
    for (auto& column : table.columns()) {
        const auto& target = schema::canonical_unit_for(column.id, *column.unit);
        if (&target == column.unit) continue;
        const double factor = column.unit->to_canonical / target.to_canonical;
        for (auto& v : column.values) v *= factor;
        column.unit = &target;
    }
    for (auto& column : table.product_columns()) { // rates like appliedRate's
        const auto& target = schema::canonical_unit_for(schema::PropertyId::applied_rate, *column.unit);
        if (&target == column.unit) continue;
        const double factor = column.unit->to_canonical / target.to_canonical;
        for (auto& v : column.values) v *= factor;
        column.unit = &target;
    }
}

StandardizeReport standardize(schema::MachineData& data) {
    check_operation(data.source);
    StandardizeReport report;
    auto& t = data.points;
    report.dropped_positions = drop_invalid_positions(t);
    if (t.size() == 0)
        throw Error(ErrorCode::corrupt_file,
                    fmt::format("no points with a valid position ({} dropped: 0,0 or out of range)", report.dropped_positions));
    check_required(data);
    localise_times(data);
    data.provider_units = schema::ProviderUnits::of_source(t);
    convert_to_canonical(t);
    derive_motion(t);
    derive_area(t);
    const auto crop = crop_of(data.source);
    if (crop) report.crop = crop->name;
    if (data.source.operation_type == schema::OperationType::harvested) derive_yield(data, crop);
    return report;
}

} // namespace furrow::pipeline
