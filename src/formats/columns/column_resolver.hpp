#pragma once
// The catalogue applied to one source's columns: what each column means, in which unit, and why.
//
// Per column, the first of these that knows its name (its column_key) decides:
//  1. the exporter vocabulary the column set points to (most names matched, and more than the
//     reader's fallback matches) or the one the caller forces (a -Deere-Metadata.json);
//  2. the reader's fallback vocabulary (generic tables for CSV, Leaf's shapefile columns, ...);
//  3. the distinctive vocabularies (ADAPT codes, Ag Leader headers, Leaf keys);
//  4. a 10-character name (the dBase limit) that begins a distinctive name ("vrAppRateV").
// A name listed for several properties (CSV "Yield": mass or volume) takes the one its unit fits.
// The unit is, in this order: the header's "(unit)", the metadata's, a unit code column
// ("<name> Unit" holding "bu1ac-1"), the exporter's default. A value column without a unit that
// fits stays unmapped with a warning; so does a second column for a property already fed.
#include "formats/columns/catalogue.hpp"
#include "schema/conversion_report.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::columns {

struct ResolvedColumn {
    std::size_t index;   // position among the source's columns
    std::string source;  // the column as the source names it
    Meaning meaning;
    schema::PropertyId property = schema::PropertyId::speed; // Meaning::value only
    const schema::Unit* unit = nullptr;                      // Meaning::value only
    std::string unit_from; // "header", "metadata", "unit code", "exporter default"
    std::size_t rank = 0;  // the catalogue entry's position: lower wins between columns of one meaning
};

struct ResolveOptions {
    std::string_view fallback = {}; // the reader's fallback vocabulary id
    std::string_view force = {};    // an exporter vocabulary id to use whatever the columns say ("" = choose)
    bool choose_exporter = true; // false: no exporter vocabulary at all (names met one by one)
    // Units a metadata file gives, by lower-case column name (JD's DataAttributes); nullptr for a
    // unit the file names but furrow does not know (the column then stays unmapped).
    const std::map<std::string, const schema::Unit*>* metadata_units = nullptr;
    std::string_view metadata_name = "metadata"; // how the report names that file
    // The first record's values, one per column (may be empty): read for unit code columns.
    const std::vector<std::string>* first_values = nullptr;
};

struct Resolution {
    const Vocabulary* exporter = nullptr;  // the chosen exporter vocabulary, if any
    std::vector<ResolvedColumn> columns;   // sorted by rank: earlier entries first
    std::vector<std::string> unmapped;     // in source order
    std::vector<std::string> warnings;

    std::vector<const ResolvedColumn*> with(Meaning meaning) const; // in rank order
    bool has(Meaning meaning) const { return !with(meaning).empty(); }
    // Writes exporter (`fallback_title` when no exporter was recognised), columns, unmapped and
    // warnings into the report.
    void describe(schema::ConversionReport& report, std::string_view fallback_title) const;
};

Resolution resolve_columns(const std::vector<std::string>& names, const ResolveOptions& options);

// One name at a time, for sources whose names come record by record (GeoJSON properties):
// steps 2-4 with the header unit only; nullopt when the catalogue does not know it.
std::optional<ResolvedColumn> resolve_name(std::string_view name, std::string_view fallback);

} // namespace furrow::formats::columns
