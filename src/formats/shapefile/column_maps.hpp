#pragma once
// Which .dbf column means what, per exporter: a declarative table (column names -> role, standard
// property and default source unit). The reader picks the exporter by the column set, or John
// Deere when its -Deere-Metadata.json is beside the .shp (its units then override the defaults).
#include "schema/property_registry.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::shapefile {

enum class Role {
    value,          // a number for `property`, in `unit`
    recording_text, // "On"/"Off", "In"/"Out", "Yes"/"No" -> recordingStatus 1/0
    time,           // a Date/DateTime field, an ISO 8601 string or "8/26/2017 6:36:52 PM"
    unix_seconds,   // seconds since 1970-01-01 UTC (Ag Leader GPS time)
    session_start,  // SMS data set name "yy/mm/dd-HH:MM:SS (n)": time of day the logging started
    duration_s,     // SMS seconds the record covers: times are the session start plus their sum
    crop,
    variety,
    product,        // a harvest's product is its crop (SMS names the crop "Product")
    field_name,
};

struct ColumnRule {
    std::string_view names; // '|'-separated, compared case-insensitively; full and truncated forms
    Role role;
    schema::PropertyId property = schema::PropertyId::speed; // Role::value only
    std::string_view unit;                                   // Role::value only: the default source unit
};

struct Exporter {
    std::string_view id;
    std::string_view title;
    std::span<const ColumnRule> rules;
};

std::span<const Exporter> exporters();
const Exporter& john_deere();
bool rule_matches(const ColumnRule& rule, std::string_view column);
const ColumnRule* find_rule(const Exporter& exporter, std::string_view column);
// The exporter with the most rules matching `columns` (ties: the first listed).
const Exporter& choose_exporter(const std::vector<std::string>& columns);

} // namespace furrow::formats::shapefile
