#include "formats/csv/layouts.hpp"

#include "core/strings.hpp"
#include "formats/csv/text_table.hpp"
#include "schema/crops.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace furrow::formats::csv::detail {
namespace {

using schema::PropertyId;

ColumnSpec prop(PropertyId id, std::string_view unit) { return {Role::property, id, &schema::unit(unit)}; }
ColumnSpec role(Role r) { return {r, {}, nullptr}; }

std::vector<ColumnSpec> agleader_fixed_columns() {
    return {role(Role::lon),
            role(Role::lat),
            prop(PropertyId::crop_flow, "lb/s"),
            role(Role::epoch_seconds),
            role(Role::interval_s),
            role(Role::distance_in),
            prop(PropertyId::equipment_width, "in"),
            prop(PropertyId::harvest_moisture, "percentage"),
            role(Role::header_status),
            role(Role::ignored), // pass number
            role(Role::serial),
            role(Role::field),
            role(Role::ignored), // load ("L0:12/09/18-19:52:15", "L1:  (980189)")
            role(Role::crop)};
}

// Header names, compared after lower-casing and dropping spaces, '_' and '-'. An empty unit means
// the header must say the unit ("Flow (lb/s)"): flow columns come in kg/h, kg/min, lb/s, ... and
// a guess would be off by a factor. Yield without a unit is t/ha, the unit of the metric exports
// that write a plain "Yield" (CSIRO's grape CSV: Yield = Lin_Yield kg/m / RowWidth m x 10, i.e. t/ha).
struct KnownName {
    std::string_view name;
    Role role;
    PropertyId property;
    std::string_view unit;
};

constexpr std::array<KnownName, 31> known_names = {{
    {"lon", Role::lon, {}, ""},
    {"long", Role::lon, {}, ""},
    {"lng", Role::lon, {}, ""},
    {"longitude", Role::lon, {}, ""},
    {"x", Role::lon, {}, ""},
    {"lat", Role::lat, {}, ""},
    {"latitude", Role::lat, {}, ""},
    {"y", Role::lat, {}, ""},
    {"yield", Role::property, PropertyId::wet_mass_per_area, "t/ha"},
    {"yield", Role::property, PropertyId::wet_volume_per_area, "bu/ac"}, // only with a volume unit: "Yield (bu/ac)"
    {"yieldwet", Role::property, PropertyId::wet_mass_per_area, "t/ha"},
    {"yieldwet", Role::property, PropertyId::wet_volume_per_area, "bu/ac"},
    {"flowrate", Role::property, PropertyId::crop_flow, ""},
    {"flow", Role::property, PropertyId::crop_flow, ""},
    {"massflow", Role::property, PropertyId::crop_flow, ""},
    {"rowwidth", Role::property, PropertyId::equipment_width, "m"},
    {"width", Role::property, PropertyId::equipment_width, "m"},
    {"swath", Role::property, PropertyId::equipment_width, "m"},
    {"swathwidth", Role::property, PropertyId::equipment_width, "m"},
    {"moisture", Role::property, PropertyId::harvest_moisture, "percentage"},
    {"moist", Role::property, PropertyId::harvest_moisture, "percentage"},
    {"altitude", Role::property, PropertyId::elevation, "m"},
    {"alt", Role::property, PropertyId::elevation, "m"},
    {"elevation", Role::property, PropertyId::elevation, "m"},
    {"elev", Role::property, PropertyId::elevation, "m"},
    {"crop", Role::crop, {}, ""},
    {"croptype", Role::crop, {}, ""},
    {"grain", Role::crop, {}, ""},
    {"graintype", Role::crop, {}, ""},
    {"variety", Role::variety, {}, ""},
    {"field", Role::field, {}, ""},
}};

// Columns that may hold a time in some form; which form is decided from the first row's value.
constexpr std::array<std::string_view, 12> time_names = {"date", "datestamp", "datetime", "timestamp", "time",
                                                         "gpstime", "utc", "timeutc", "isotime", "epoch",
                                                         "unixtime", "logdate"};

struct HeaderName {
    std::string key;  // normalised name
    std::string unit; // from "(unit)" or "[unit]", may be empty
};

HeaderName split_header(std::string_view header) {
    std::string text = trim(header);
    std::string unit;
    const auto open = text.find_first_of("([");
    if (open != std::string::npos) {
        const auto close = text.find_first_of(")]", open);
        unit = trim(std::string_view(text).substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1));
        text.erase(open);
    }
    std::string key;
    for (const char c : to_lower(text))
        if (c != ' ' && c != '_' && c != '-') key += c;
    if (unit == "%") unit = "percentage";
    if (unit == "deg" || unit == "°") unit = "arcdeg";
    return {key, unit};
}

bool unit_fits(const schema::Unit& unit, PropertyId id) {
    const auto& p = schema::info(id);
    return unit.dimension == p.dimension || unit.dimension == p.alt_dimension;
}

// The column's meaning from its name; Leaf's own keys ("wetMassPerArea") in the canonical unit. A
// name may be listed twice (yield by mass or by volume): the header's unit picks, else the first.
std::optional<ColumnSpec> spec_for(const HeaderName& h) {
    const schema::Unit* given = h.unit.empty() ? nullptr : schema::find_unit(h.unit);
    if (!h.unit.empty() && given == nullptr) return std::nullopt; // a unit furrow cannot convert
    for (const auto& known : known_names) {
        if (known.name != h.key) continue;
        if (known.role != Role::property) return role(known.role);
        if (given != nullptr && unit_fits(*given, known.property)) return ColumnSpec{Role::property, known.property, given};
        if (given == nullptr && !known.unit.empty()) return prop(known.property, known.unit);
    }
    for (const auto& p : schema::all_properties()) {
        if (to_lower(p.key) != h.key) continue;
        if (given != nullptr) return unit_fits(*given, p.id) ? std::optional(ColumnSpec{Role::property, p.id, given}) : std::nullopt;
        return ColumnSpec{Role::property, p.id, &schema::canonical_unit(p.dimension)};
    }
    return std::nullopt;
}

enum class TimeForm { none, epoch, date, date_time, time_of_day };

TimeForm time_form(std::string_view value) {
    const std::string v = trim(value);
    if (v.empty()) return TimeForm::none;
    if (parse_number(v)) return TimeForm::epoch;
    const bool has_colon = v.find(':') != std::string::npos;
    const bool has_date = v.find_first_of("/-.") != std::string::npos && v.find_first_of("/-.") < 5;
    if (has_date && has_colon) return TimeForm::date_time;
    if (has_date) return TimeForm::date;
    return has_colon ? TimeForm::time_of_day : TimeForm::none;
}

// One time source for the whole file: a date-and-time column, else date + time of day, else Unix
// seconds, else a date alone.
void choose_time_columns(const std::vector<std::string>& header, const std::vector<std::string>& first_row,
                         std::vector<ColumnSpec>& columns) {
    std::optional<std::size_t> by_form[5];
    for (std::size_t column_idx = 0; column_idx < header.size() && column_idx < first_row.size(); ++column_idx) {
        const auto key = split_header(header[column_idx]).key;
        if (std::find(time_names.begin(), time_names.end(), key) == time_names.end()) continue;
        auto& slot = by_form[static_cast<int>(time_form(first_row[column_idx]))];
        if (!slot) slot = column_idx;
    }
    const auto use = [&](TimeForm form, Role r) { columns[*by_form[static_cast<int>(form)]] = role(r); };
    const auto has = [&](TimeForm form) { return by_form[static_cast<int>(form)].has_value(); };
    if (has(TimeForm::date_time)) use(TimeForm::date_time, Role::date);
    else if (has(TimeForm::date) && has(TimeForm::time_of_day)) {
        use(TimeForm::date, Role::date);
        use(TimeForm::time_of_day, Role::time_of_day);
    } else if (has(TimeForm::epoch)) use(TimeForm::epoch, Role::epoch_seconds);
    else if (has(TimeForm::date)) use(TimeForm::date, Role::date);
}

} // namespace

std::optional<Layout> agleader_layout(std::size_t field_count) {
    if (field_count < 14 || field_count > 17) return std::nullopt;
    Layout layout{"agleader-advanced", agleader_fixed_columns()};
    auto& c = layout.columns;
    if (field_count == 15) c.push_back(role(Role::variety));
    if (field_count == 16) c.insert(c.end(), {role(Role::variety), prop(PropertyId::elevation, "ft")});
    if (field_count == 17) c.insert(c.end(), {role(Role::ignored), role(Role::ignored), prop(PropertyId::elevation, "ft")});
    return layout;
}

bool is_agleader_row(const std::vector<std::string>& fields) {
    if (fields.size() < 14 || fields.size() > 17) return false;
    const auto lon = parse_number(fields[0]);
    const auto lat = parse_number(fields[1]);
    if (!lon || !lat || std::abs(*lon) > 180 || std::abs(*lat) > 90) return false;
    // flow, time, interval, distance, swath, moisture, status: all numbers in every export seen.
    for (std::size_t field_idx = 2; field_idx <= 8; ++field_idx)
        if (!parse_number(fields[field_idx])) return false;
    return true;
}

std::optional<Layout> header_layout(const std::vector<std::string>& header, const std::vector<std::string>& first_row) {
    Layout layout{"header", std::vector<ColumnSpec>(header.size())};
    bool has_lon = false, has_lat = false;
    std::vector<PropertyId> mapped;
    for (std::size_t column_idx = 0; column_idx < header.size(); ++column_idx) {
        const auto spec = spec_for(split_header(header[column_idx]));
        if (!spec) continue;
        // The first column wins: a second one (Altitude and Elevation) could be in another unit.
        if (spec->role == Role::lon && std::exchange(has_lon, true)) continue;
        if (spec->role == Role::lat && std::exchange(has_lat, true)) continue;
        if (spec->role == Role::property) {
            if (std::find(mapped.begin(), mapped.end(), spec->property) != mapped.end()) continue;
            mapped.push_back(spec->property);
        }
        layout.columns[column_idx] = *spec;
    }
    if (!has_lon || !has_lat) return std::nullopt;
    choose_time_columns(header, first_row, layout.columns);
    return layout;
}

std::string normalise_crop(std::string_view name) {
    const std::string clean = trim(name);
    if (const auto crop = schema::find_crop(clean)) return crop->name;
    // Ag Leader writes "CORN WHITE" where Leaf's table says "corn, white".
    const auto space = clean.find(' ');
    if (space != std::string::npos)
        if (const auto crop = schema::find_crop(clean.substr(0, space) + "," + clean.substr(space))) return crop->name;
    return clean;
}

} // namespace furrow::formats::csv::detail
