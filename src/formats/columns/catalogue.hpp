#pragma once
// THE column catalogue: which source column names mean which standard property (and in which
// source unit by default), for every tabular reader (shapefile .dbf, CSV/text headers, GeoJSON
// feature properties). Data only; column_resolver.cpp applies it. docs/FORMATS.md's catalogue
// section is generated from this table (`furrow catalogue`) and a test keeps the two in step.
//
// Names are compared by their key: lower case, letters and digits only ("Yld Mass(Dry)" and
// "yld_mass_dry" are both "yldmassdry"). A name may appear twice in one vocabulary with different
// properties (CSV "Yield" by mass or by volume): the unit the column turns out to have picks.
#include "schema/property_registry.hpp"

#include <span>
#include <string_view>

namespace furrow::formats::columns {

enum class Meaning {
    value,          // a number of `property`, in `unit` unless the source says otherwise
    lon,
    lat,
    time,           // a date and time in one cell (ISO 8601, "8/26/2017 6:36:52 PM", a DBF DateTime)
    date,           // the day only (joins a time_of_day column)
    time_of_day,
    unix_seconds,   // seconds since 1970-01-01 UTC
    recording,      // "On"/"Off", "In"/"Out", "Yes"/"No", 1/0 -> recordingStatus
    session_start,  // SMS data set name "yy/mm/dd-HH:MM:SS (n)": time of day the logging started
    duration_s,     // SMS: seconds the record covers (times = session start + running sum)
    crop,
    variety,
    product,        // a harvest's or planting's product is its crop (SMS names the crop "Product")
    field,
    serial,         // the logging monitor's serial number
};

// How a vocabulary takes part in matching (column_resolver.hpp):
// - exporter: bare names that mean something only for that exporter ("DISTANCE" is ft for John
//   Deere, inches for Yield Editor); used when the column set shows the file is theirs.
// - distinctive: names that say what they are whoever wrote them (ADAPT codes, Ag Leader's
//   display headers, Leaf's keys); always consulted, and the source of 10-character truncations.
// - fallback: a reader's last resort (generic tables, Leaf's documented shapefile columns).
enum class Kind { exporter, distinctive, fallback };

struct Vocabulary {
    std::string_view id;     // "john_deere", "adapt", ...
    std::string_view title;  // shown as the report's exporter
    Kind kind;
    std::string_view source; // the public document or sample the names and units come from
};

struct Entry {
    std::string_view vocabulary; // Vocabulary::id
    std::string_view name;       // as the source writes it
    Meaning meaning;
    schema::PropertyId property = schema::PropertyId::speed; // Meaning::value only
    std::string_view unit = "";  // Meaning::value only: the exporter's default unit ("" = the
                                 // source must say it: header, metadata or unit code)
};

std::span<const Vocabulary> vocabularies(); // in priority order
std::span<const Entry> catalogue();          // grouped by vocabulary, in priority order within it
const Vocabulary* find_vocabulary(std::string_view id);
std::string_view meaning_name(Meaning meaning); // "value", "lon", ... (docs, reports)

} // namespace furrow::formats::columns
