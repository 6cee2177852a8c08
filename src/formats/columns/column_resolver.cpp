#include "formats/columns/column_resolver.hpp"

#include "core/strings.hpp"
#include "formats/columns/column_name.hpp"
#include "formats/columns/unit_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace furrow::formats::columns {
namespace {

using schema::PropertyId;

// dBase III/IV field names are at most 10 characters: longer names arrive cut to that.
constexpr std::size_t dbase_name_length = 10;
// A cut name shorter than this says too little to pick a code by its beginning.
constexpr std::size_t min_truncated_key = 6;

struct Candidate {
    const Entry* entry;
    std::size_t rank;
};

// Catalogue names carry no unit: "Yld Mass(Dry)" is all name.
std::string entry_key(const Entry& entry) { return column_key(entry.name); }

std::size_t rank_of(const Entry& entry) { return static_cast<std::size_t>(&entry - catalogue().data()); }

std::vector<Candidate> exact(std::string_view vocabulary, const std::string& key) {
    std::vector<Candidate> out;
    for (const auto& entry : catalogue())
        if (entry.vocabulary == vocabulary && entry_key(entry) == key) out.push_back({&entry, rank_of(entry)});
    return out;
}

std::vector<Candidate> distinctive_exact(const std::string& key) {
    std::vector<Candidate> out;
    for (const auto& vocabulary : vocabularies())
        if (vocabulary.kind == Kind::distinctive)
            for (const auto& c : exact(vocabulary.id, key)) out.push_back(c);
    return out;
}

std::vector<Candidate> truncated(std::string_view raw_name, const std::string& key) {
    std::vector<Candidate> out;
    if (trim(raw_name).size() != dbase_name_length || key.size() < min_truncated_key) return out;
    for (const auto& vocabulary : vocabularies()) {
        if (vocabulary.kind != Kind::distinctive) continue;
        for (const auto& entry : catalogue())
            if (entry.vocabulary == vocabulary.id && entry_key(entry).starts_with(key)) out.push_back({&entry, rank_of(entry)});
    }
    return out;
}

bool unit_fits(const schema::Unit& unit, PropertyId property) {
    const auto& p = schema::info(property);
    return unit.dimension == p.dimension || unit.dimension == p.alt_dimension;
}

// JD and SMS call any product per area an applied rate; counted seeds make it a seed rate.
PropertyId property_for_unit(PropertyId property, const schema::Unit& unit) {
    if (unit.dimension != schema::Dimension::count_per_area) return property;
    if (property == PropertyId::applied_rate) return PropertyId::seed_rate;
    if (property == PropertyId::applied_rate_target) return PropertyId::seed_rate_target;
    return property;
}

struct GivenUnit {
    const schema::Unit* unit = nullptr;
    std::string text;
    std::string from;
};

class Resolver {
public:
    Resolver(const std::vector<std::string>& names, const ResolveOptions& options) : m_names(names), m_options(options) {
        for (const auto& name : names) m_keys.push_back(column_key(split_header(name).name));
    }

    Resolution run() {
        choose_exporter();
        find_unit_code_columns();
        for (std::size_t column_idx = 0; column_idx < m_names.size(); ++column_idx) {
            if (m_unit_code_columns.contains(column_idx)) continue;
            resolve(column_idx);
        }
        std::stable_sort(m_out.columns.begin(), m_out.columns.end(),
                         [](const ResolvedColumn& a, const ResolvedColumn& b) { return a.rank < b.rank; });
        drop_second_feeds();
        return std::move(m_out);
    }

private:
    std::size_t score(std::string_view vocabulary) const {
        std::size_t n = 0;
        for (const auto& key : m_keys) n += exact(vocabulary, key).empty() ? 0 : 1;
        return n;
    }

    void choose_exporter() {
        if (!m_options.choose_exporter) return;
        if (!m_options.force.empty()) {
            m_out.exporter = find_vocabulary(m_options.force);
            return;
        }
        std::size_t best = std::max<std::size_t>(1, m_options.fallback.empty() ? 0 : score(m_options.fallback));
        for (const auto& vocabulary : vocabularies()) {
            if (vocabulary.kind != Kind::exporter) continue;
            const std::size_t s = score(vocabulary.id);
            if (s > best) best = s, m_out.exporter = &vocabulary;
        }
    }

    // "<name> Unit" / "<name>_UOM" columns whose first value is a unit furrow knows.
    void find_unit_code_columns() {
        if (m_options.first_values == nullptr) return;
        for (std::size_t column_idx = 0; column_idx < m_names.size() && column_idx < m_options.first_values->size(); ++column_idx) {
            const std::string& key = m_keys[column_idx];
            for (const std::string_view suffix : {"unit", "uom", "units"}) {
                if (key.size() <= suffix.size() || !key.ends_with(suffix)) continue;
                const std::string base = key.substr(0, key.size() - suffix.size());
                const auto* unit = parse_unit((*m_options.first_values)[column_idx]);
                const auto owner = std::find(m_keys.begin(), m_keys.end(), base);
                if (unit == nullptr || owner == m_keys.end()) continue;
                m_unit_codes[base] = {unit, trim((*m_options.first_values)[column_idx]), "unit code (" + m_names[column_idx] + ")"};
                m_unit_code_columns.insert(column_idx);
                break;
            }
        }
    }

    // Does a metadata name stand for this column? The same name, or (a .dbf cut "AppldRt" while
    // the metadata says "AppliedRate") a name the exporter's vocabulary gives the same property.
    bool metadata_names_column(const std::string& metadata_name, std::size_t column_idx, const std::vector<Candidate>& found) const {
        if (metadata_name == to_lower(trim(m_names[column_idx])) || column_key(metadata_name) == m_keys[column_idx]) return true;
        if (m_out.exporter == nullptr || found.empty()) return false;
        const auto same = exact(m_out.exporter->id, column_key(metadata_name));
        return !same.empty() && same.front().entry->meaning == Meaning::value && same.front().entry->property == found.front().entry->property;
    }

    std::vector<GivenUnit> given_units(std::size_t column_idx, const std::vector<Candidate>& found) const {
        std::vector<GivenUnit> out;
        const auto header = split_header(m_names[column_idx]);
        if (!header.unit.empty()) out.push_back({parse_unit(header.unit), header.unit, "header"});
        if (m_options.metadata_units != nullptr) {
            for (const auto& [name, unit] : *m_options.metadata_units)
                if (metadata_names_column(name, column_idx, found)) {
                    out.push_back({unit, unit != nullptr ? std::string(unit->name) : "not known", std::string(m_options.metadata_name)});
                    break;
                }
        }
        if (const auto it = m_unit_codes.find(m_keys[column_idx]); it != m_unit_codes.end()) out.push_back(it->second);
        return out;
    }

    std::vector<Candidate> candidates(std::size_t column_idx) const {
        const std::string& key = m_keys[column_idx];
        if (key.empty()) return {};
        if (m_out.exporter != nullptr)
            if (auto c = exact(m_out.exporter->id, key); !c.empty()) return c;
        if (!m_options.fallback.empty())
            if (auto c = exact(m_options.fallback, key); !c.empty()) return c;
        if (auto c = distinctive_exact(key); !c.empty()) return c;
        return truncated(m_names[column_idx], key);
    }

    void resolve(std::size_t column_idx) {
        const auto found = candidates(column_idx);
        const std::string& name = m_names[column_idx];
        if (found.empty()) {
            m_out.unmapped.push_back(name);
            return;
        }
        if (found.front().entry->meaning != Meaning::value) {
            m_out.columns.push_back({column_idx, name, found.front().entry->meaning, PropertyId::speed, nullptr, "", found.front().rank});
            return;
        }
        const auto units = given_units(column_idx, found);
        // The source's own unit decides between candidates; the first that fits it wins.
        for (const auto& given : units) {
            if (given.unit == nullptr) {
                m_out.warnings.push_back(fmt::format("column '{}': its unit in {} is not one furrow knows; kept unmapped", name, given.from));
                m_out.unmapped.push_back(name);
                return;
            }
            for (const auto& c : found) {
                const PropertyId property = property_for_unit(c.entry->property, *given.unit);
                if (unit_fits(*given.unit, property)) return add_value(column_idx, c, property, given.unit, given.from, found.size());
            }
            m_out.warnings.push_back(fmt::format("column '{}': its unit '{}' ({}) does not fit {}; kept unmapped", name,
                                                 given.text, given.from, schema::info(found.front().entry->property).key));
            m_out.unmapped.push_back(name);
            return;
        }
        for (const auto& c : found) {
            if (c.entry->unit.empty()) continue;
            const auto& unit = schema::unit(c.entry->unit);
            return add_value(column_idx, c, property_for_unit(c.entry->property, unit), &unit, "exporter default", found.size());
        }
        m_out.warnings.push_back(fmt::format("column '{}' looks like {} but names no unit and its exporter documents none; kept unmapped",
                                             name, schema::info(found.front().entry->property).key));
        m_out.unmapped.push_back(name);
    }

    void add_value(std::size_t column_idx, const Candidate& c, PropertyId property, const schema::Unit* unit,
                   std::string from, std::size_t candidate_count) {
        const std::string& name = m_names[column_idx];
        if (candidate_count > 1 && m_keys[column_idx] != entry_key(*c.entry))
            m_out.warnings.push_back(fmt::format("column '{}' (cut to {} characters) could be several codes; read as {} ({})", name,
                                                 dbase_name_length, c.entry->name, schema::info(property).key));
        m_out.columns.push_back({column_idx, name, Meaning::value, property, unit, std::move(from), c.rank});
    }

    // One column per property: the best-ranked one; the others stay raw, and the report says so.
    void drop_second_feeds() {
        std::vector<ResolvedColumn> kept;
        for (auto& column : m_out.columns) {
            const bool taken = column.meaning == Meaning::value &&
                               std::any_of(kept.begin(), kept.end(), [&](const ResolvedColumn& k) {
                                   return k.meaning == Meaning::value && k.property == column.property;
                               });
            if (!taken) {
                kept.push_back(std::move(column));
                continue;
            }
            m_out.warnings.push_back(fmt::format("column '{}' is a second source of {}; the first one is used, it stays raw",
                                                 column.source, schema::info(column.property).key));
            m_out.unmapped.push_back(column.source);
        }
        m_out.columns = std::move(kept);
    }

    const std::vector<std::string>& m_names;
    const ResolveOptions& m_options;
    std::vector<std::string> m_keys;
    std::map<std::string, GivenUnit> m_unit_codes; // by the owning column's key
    std::set<std::size_t> m_unit_code_columns;
    Resolution m_out;
};

} // namespace

std::vector<const ResolvedColumn*> Resolution::with(Meaning meaning) const {
    std::vector<const ResolvedColumn*> out;
    for (const auto& column : columns)
        if (column.meaning == meaning) out.push_back(&column);
    return out;
}

void Resolution::describe(schema::ConversionReport& report, std::string_view fallback_title) const {
    report.exporter = exporter != nullptr ? std::string(exporter->title) : std::string(fallback_title);
    for (const auto& column : columns) {
        const bool value = column.meaning == Meaning::value;
        report.columns.push_back({column.source, value ? std::string(schema::info(column.property).key) : std::string(meaning_name(column.meaning)),
                                  value ? std::string(column.unit->name) : "", value ? column.unit_from : ""});
    }
    report.unmapped.insert(report.unmapped.end(), unmapped.begin(), unmapped.end());
    report.warnings.insert(report.warnings.end(), warnings.begin(), warnings.end());
}

Resolution resolve_columns(const std::vector<std::string>& names, const ResolveOptions& options) {
    return Resolver(names, options).run();
}

std::optional<ResolvedColumn> resolve_name(std::string_view name, std::string_view fallback) {
    const std::vector<std::string> names{std::string(name)};
    const ResolveOptions options{.fallback = fallback, .choose_exporter = false};
    auto resolution = resolve_columns(names, options);
    if (resolution.columns.empty()) return std::nullopt;
    return resolution.columns.front();
}

} // namespace furrow::formats::columns
