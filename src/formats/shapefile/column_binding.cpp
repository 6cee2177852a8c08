#include "formats/shapefile/column_binding.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace furrow::formats::shapefile {
namespace {

using schema::PropertyId;

// JD and SMS call any product per area an applied rate; counted seeds make it a seed rate.
PropertyId property_for_unit(PropertyId property, const schema::Unit& unit) {
    if (unit.dimension != schema::Dimension::count_per_area) return property;
    if (property == PropertyId::applied_rate) return PropertyId::seed_rate;
    if (property == PropertyId::applied_rate_target) return PropertyId::seed_rate_target;
    return property;
}

const schema::Unit* override_for(const ColumnRule& rule, std::string_view column,
                                 const std::map<std::string, const schema::Unit*>& overrides) {
    // The metadata may name the column in full ("AppliedRate") while the .dbf has it cut ("AppldRt").
    for (const auto& [name, unit] : overrides)
        if (iequals(name, column) || rule_matches(rule, name)) return unit;
    return nullptr;
}

void bind_value(ColumnBinding& out, int field, const ColumnRule& rule, std::string_view column,
                const std::map<std::string, const schema::Unit*>& overrides) {
    const schema::Unit* unit = override_for(rule, column, overrides);
    if (unit == nullptr) unit = &schema::unit(rule.unit);
    const PropertyId property = property_for_unit(rule.property, *unit);
    const bool taken = std::any_of(out.values.begin(), out.values.end(), [&](const auto& v) { return v.property == property; });
    if (!taken) out.values.push_back({field, property, unit});
}

void bind(ColumnBinding& out, int field, const ColumnRule& rule, std::string_view column,
          const std::map<std::string, const schema::Unit*>& overrides) {
    switch (rule.role) {
    case Role::value: bind_value(out, field, rule, column, overrides); break;
    case Role::time: out.time.time.push_back(field); break;
    case Role::unix_seconds: out.time.unix_seconds = field; break;
    case Role::session_start: out.time.session_start = field; break;
    case Role::duration_s: out.time.duration_s = field; break;
    default: out.texts.push_back({field, rule.role}); break;
    }
}

} // namespace

ColumnBinding bind_columns(OGRFeatureDefnH definition, const Exporter& exporter,
                           const std::map<std::string, const schema::Unit*>& unit_overrides) {
    ColumnBinding out;
    // Rule order, not column order, decides between columns for the same thing (IsoTime over Time).
    for (const auto& rule : exporter.rules)
        for (int field = 0; field < OGR_FD_GetFieldCount(definition); ++field) {
            const std::string_view column = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, field));
            if (rule_matches(rule, column) && find_rule(exporter, column) == &rule)
                bind(out, field, rule, column, unit_overrides);
        }
    return out;
}

double numeric_value(OGRFeatureH feature, int field) {
    if (!OGR_F_IsFieldSetAndNotNull(feature, field)) return schema::missing;
    const auto type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feature, field));
    if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
        const double v = OGR_F_GetFieldAsDouble(feature, field);
        return std::isfinite(v) ? v : schema::missing;
    }
    // Numbers stored as text: the whole text must be one number (overflow stars, "N/A" -> NaN).
    const std::string text = trim(OGR_F_GetFieldAsString(feature, field));
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(v) ? v : schema::missing;
}

double recording_value(OGRFeatureH feature, int field) {
    const std::string text = to_lower(trim(OGR_F_GetFieldAsString(feature, field)));
    if (text == "on" || text == "in" || text == "yes" || text == "1") return 1;
    if (text == "off" || text == "out" || text == "no" || text == "0") return 0;
    return schema::missing;
}

} // namespace furrow::formats::shapefile
