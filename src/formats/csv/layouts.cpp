#include "formats/csv/layouts.hpp"

#include "core/strings.hpp"
#include "formats/csv/text_table.hpp"
#include "formats/columns/column_resolver.hpp"
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

// One time source for the whole file, among the columns the catalogue calls a time: a
// date-and-time column, else date + time of day, else Unix seconds, else a date alone. Which form a
// column holds is told by its first value ("Time" is a time of day in one export, Unix seconds in
// another).
void choose_time_columns(const columns::Resolution& resolution, const std::vector<std::string>& first_row,
                         std::vector<ColumnSpec>& out) {
    std::optional<std::size_t> by_form[5];
    for (const auto meaning : {columns::Meaning::time, columns::Meaning::date, columns::Meaning::time_of_day, columns::Meaning::unix_seconds})
        for (const auto* column : resolution.with(meaning)) {
            if (column->index >= first_row.size()) continue;
            auto& slot = by_form[static_cast<int>(time_form(first_row[column->index]))];
            if (!slot) slot = column->index;
        }
    const auto use = [&](TimeForm form, Role r) { out[*by_form[static_cast<int>(form)]] = role(r); };
    const auto has = [&](TimeForm form) { return by_form[static_cast<int>(form)].has_value(); };
    if (has(TimeForm::date_time)) use(TimeForm::date_time, Role::date);
    else if (has(TimeForm::date) && has(TimeForm::time_of_day)) {
        use(TimeForm::date, Role::date);
        use(TimeForm::time_of_day, Role::time_of_day);
    } else if (has(TimeForm::epoch)) use(TimeForm::epoch, Role::epoch_seconds);
    else if (has(TimeForm::date)) use(TimeForm::date, Role::date);
}

std::optional<Role> text_role(columns::Meaning meaning) {
    switch (meaning) {
    case columns::Meaning::lon: return Role::lon;
    case columns::Meaning::lat: return Role::lat;
    case columns::Meaning::crop: return Role::crop;
    case columns::Meaning::product: return Role::product;
    case columns::Meaning::variety: return Role::variety;
    case columns::Meaning::field: return Role::field;
    case columns::Meaning::serial: return Role::serial;
    case columns::Meaning::recording: return Role::recording;
    default: return std::nullopt;
    }
}

} // namespace

std::optional<Layout> agleader_layout(std::size_t field_count) {
    if (field_count < 14 || field_count > 17) return std::nullopt;
    Layout layout{"agleader-advanced", agleader_fixed_columns(), {}};
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
    Layout layout{"header", std::vector<ColumnSpec>(header.size()), {}};
    const columns::ResolveOptions options{.fallback = "generic_table", .first_values = &first_row};
    layout.resolution = columns::resolve_columns(header, options);
    // The first column wins: a second one (Altitude and Elevation) could be in another unit.
    if (layout.resolution.with(columns::Meaning::lon).empty() || layout.resolution.with(columns::Meaning::lat).empty()) return std::nullopt;
    for (const auto meaning : {columns::Meaning::lon, columns::Meaning::lat})
        layout.columns[layout.resolution.with(meaning).front()->index] = role(*text_role(meaning));
    for (const auto& column : layout.resolution.columns) {
        if (column.meaning == columns::Meaning::value) layout.columns[column.index] = {Role::property, column.property, column.unit};
        else if (const auto r = text_role(column.meaning); r && *r != Role::lon && *r != Role::lat) layout.columns[column.index] = role(*r);
    }
    choose_time_columns(layout.resolution, first_row, layout.columns);
    return layout;
}

} // namespace furrow::formats::csv::detail
