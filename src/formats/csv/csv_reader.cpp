#include "formats/csv/csv_reader.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "formats/csv/layouts.hpp"
#include "formats/csv/text_table.hpp"
#include "formats/csv/text_time.hpp"
#include "formats/columns/operation_inference.hpp"
#include "formats/columns/text_encoding.hpp"
#include "formats/detect_helpers.hpp"
#include "schema/crop_names.hpp"
#include "schema/crops.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace furrow::formats::csv {
namespace {

using detail::ColumnSpec;
using detail::Layout;
using detail::Role;
using schema::PropertyId;

constexpr std::size_t delimiter_sample_lines = 20;
const schema::Unit& flag_unit = schema::unit("flag");
const schema::Unit& speed_unit = schema::unit("in/s");

void add_unique(std::vector<std::string>& list, std::string value) {
    if (!value.empty() && value != "NA" && std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(std::move(value));
}

// "F1: C1N" -> "C1N" (Ag Leader prefixes the field with its index).
std::string field_name(std::string_view text) {
    std::string t = trim(text);
    const auto colon = t.find(':');
    if (colon != std::string::npos && colon <= 4 && (t[0] == 'F' || t[0] == 'f')) t = trim(t.substr(colon + 1));
    return t;
}

bool names_utc(const Layout& layout) {
    return std::any_of(layout.resolution.columns.begin(), layout.resolution.columns.end(), [](const columns::ResolvedColumn& c) {
        const bool time = c.meaning == columns::Meaning::time || c.meaning == columns::Meaning::date ||
                          c.meaning == columns::Meaning::time_of_day;
        return time && to_lower(c.source).find("utc") != std::string::npos;
    });
}

class TableBuilder {
public:
    // false: the row is skipped (no position, or no readable time where the layout has one).
    bool add(const Layout& layout, const std::vector<std::string>& fields, detail::DateOrder order);
    schema::MachineData finish(bool agleader, std::size_t skipped);

private:
    std::optional<TimeMs> time_of(const Layout& layout, const std::vector<std::string>& fields, detail::DateOrder order);
    void add_text(Role role, const std::string& value);

    schema::MachineData m_data;
    std::vector<std::string> m_serials;
    std::vector<std::string> m_products;
    bool m_local_times = false; // the times name no zone (detail::names_zone)
};

std::optional<TimeMs> TableBuilder::time_of(const Layout& layout, const std::vector<std::string>& fields,
                                            detail::DateOrder order) {
    std::string_view date, time_of_day;
    bool has_time = false;
    for (std::size_t column_idx = 0; column_idx < layout.columns.size() && column_idx < fields.size(); ++column_idx) {
        const Role role = layout.columns[column_idx].role;
        if (role == Role::epoch_seconds) {
            const auto seconds = detail::parse_number(fields[column_idx]);
            if (!seconds) return std::nullopt;
            return static_cast<TimeMs>(std::llround(*seconds * 1000));
        }
        if (role == Role::date) date = fields[column_idx], has_time = true;
        if (role == Role::time_of_day) time_of_day = fields[column_idx];
    }
    if (!has_time) return TimeMs{0}; // a table without times: every point at the epoch, documented
    const auto time = detail::parse_date_time(date, time_of_day, order);
    // The first time read decides for the file: a logger writes all its times one way. A column whose
    // name says UTC (Trimble's UTC_Date / UTC_Time) is UTC whatever its cells look like.
    if (time && m_data.points.size() == 0 && !detail::names_zone(date) && !detail::names_zone(time_of_day) &&
        !names_utc(layout))
        m_local_times = true;
    return time;
}

void TableBuilder::add_text(Role role, const std::string& value) {
    auto& source = m_data.source;
    if (role == Role::crop) add_unique(source.crops, schema::normalise_crop(value));
    if (role == Role::variety) add_unique(source.varieties, trim(value));
    if (role == Role::field && source.field.empty()) source.field = field_name(value);
    if (role == Role::serial) add_unique(m_serials, trim(value));
    if (role == Role::product) add_unique(m_products, trim(value));
}

// "On"/"Yes"/1 -> 1, "Off"/"No"/0 -> 0, else NaN.
double recording_value(std::string_view text) {
    const std::string t = to_lower(trim(text));
    if (t == "on" || t == "yes" || t == "in" || t == "1") return 1;
    if (t == "off" || t == "no" || t == "out" || t == "0") return 0;
    return schema::missing;
}

bool TableBuilder::add(const Layout& layout, const std::vector<std::string>& fields, detail::DateOrder order) {
    if (fields.size() < layout.columns.size() && layout.name != "header") return false;
    std::optional<double> lon, lat;
    for (std::size_t column_idx = 0; column_idx < layout.columns.size() && column_idx < fields.size(); ++column_idx) {
        if (layout.columns[column_idx].role == Role::lon) lon = detail::parse_number(fields[column_idx]);
        if (layout.columns[column_idx].role == Role::lat) lat = detail::parse_number(fields[column_idx]);
    }
    const auto time = time_of(layout, fields, order);
    if (!lon || !lat || !time) return false;
    if (m_local_times) m_data.time_basis = schema::TimeBasis::local;
    auto& table = m_data.points;
    const std::size_t point = table.add_point(*lon, *lat, *time);
    double distance_in = schema::missing, interval_s = schema::missing;
    for (std::size_t column_idx = 0; column_idx < layout.columns.size() && column_idx < fields.size(); ++column_idx) {
        const ColumnSpec& spec = layout.columns[column_idx];
        const auto& field = fields[column_idx];
        const double value = detail::parse_number(field).value_or(schema::missing);
        switch (spec.role) {
        case Role::property: table.set(spec.property, *spec.unit, point, value); break;
        case Role::distance_in: distance_in = value; break;
        case Role::interval_s: interval_s = value; break;
        case Role::header_status:
            table.set(PropertyId::recording_status, flag_unit, point,
                      schema::is_missing(value) ? value : static_cast<double>(static_cast<long long>(value) & 1));
            break;
        case Role::recording: table.set(PropertyId::recording_status, flag_unit, point, recording_value(field)); break;
        case Role::crop:
        case Role::variety:
        case Role::field:
        case Role::product:
        case Role::serial: add_text(spec.role, field); break;
        default: break;
        }
    }
    // Ag Leader's own distance over its logging interval: the speed the monitor used for its yield.
    if (!schema::is_missing(distance_in) && interval_s > 0)
        table.set(PropertyId::speed, speed_unit, point, distance_in / interval_s);
    return true;
}

schema::MachineData TableBuilder::finish(bool agleader, std::size_t skipped) {
    // Columns with no value at all (a "Moisture" column left empty) are not properties of the file.
    std::vector<PropertyId> empty;
    for (const auto& c : m_data.points.columns())
        if (std::all_of(c.values.begin(), c.values.end(), [](double v) { return schema::is_missing(v); }))
            empty.push_back(c.id);
    for (const auto id : empty) m_data.points.remove(id);
    auto& source = m_data.source;
    const auto inferred = columns::infer_operation(m_data.points);
    source.operation_type = agleader ? schema::OperationType::harvested : inferred.type;
    m_data.report.operation_type_reason =
        agleader ? "harvested: an Ag Leader Advanced Export (a yield monitor's grain flow records)" : inferred.reason;
    // A harvest's or planting's product is its crop; an application's is what was applied.
    for (auto& product : m_products) {
        if ((source.operation_type == schema::OperationType::harvested || source.operation_type == schema::OperationType::planted) && schema::find_crop(schema::normalise_crop(product)))
            add_unique(source.crops, schema::normalise_crop(product));
        else source.products.push_back({product, product, ""});
    }
    if (source.operation_type == schema::OperationType::harvested) source.original_operation_type = "Harvesting";
    // One monitor serial for the whole file names the machine; several (a hand-edited sample4) do not.
    if (m_serials.size() == 1 && m_serials[0] != "0")
        source.machinery.push_back({m_serials[0], agleader ? "Ag Leader yield monitor" : "yield monitor", "machine",
                                    m_serials[0], agleader ? "Ag Leader" : "", {}});
    source.reported_totals["skippedLines"] = {{"value", static_cast<double>(skipped)}, {"unit", "lines"}};
    return std::move(m_data);
}

struct Plan {
    char delimiter = ',';
    std::optional<Layout> header;      // set: the first non-empty line is a header
    detail::DateOrder order = detail::DateOrder::month_first;
};

Plan plan_for(std::string_view text) {
    std::vector<std::string_view> sample;
    std::size_t pos = 0;
    while (sample.size() < delimiter_sample_lines)
        if (const auto line = detail::next_line(text, pos)) {
            if (!trim(*line).empty()) sample.push_back(*line);
        } else {
            break;
        }
    Plan plan;
    if (sample.empty()) return plan;
    plan.delimiter = detail::detect_delimiter(sample);
    std::vector<std::string> header, first_row;
    detail::split_fields(sample[0], plan.delimiter, header);
    if (sample.size() > 1) detail::split_fields(sample[1], plan.delimiter, first_row);
    plan.header = detail::header_layout(header, first_row);
    return plan;
}

// Slash dates need the file's day order, which any one line may leave open: look at them all.
void guess_date_order(std::string_view text, Plan& plan) {
    const auto& cols = plan.header->columns;
    const auto date_col = std::find_if(cols.begin(), cols.end(), [](const ColumnSpec& c) { return c.role == Role::date; });
    if (date_col == cols.end()) return;
    const auto date_idx = static_cast<std::size_t>(date_col - cols.begin());
    detail::DateOrderGuess guess;
    std::vector<std::string> fields;
    std::size_t pos = 0;
    detail::next_line(text, pos); // the header
    while (const auto line = detail::next_line(text, pos)) {
        detail::split_fields(*line, plan.delimiter, fields);
        if (date_idx < fields.size()) guess.see(fields[date_idx]);
    }
    plan.order = guess.order();
}

} // namespace

schema::MachineData read(const Bundle& bundle, const Dataset& dataset) {
    const auto entry_name = formats::detail::file_name_of(dataset.marker);
    const BundleEntry* entry = bundle.find(dataset.marker);
    if (entry == nullptr) throw Error(ErrorCode::corrupt_file, fmt::format("csv: {}: missing", entry_name));
    std::string bytes = bundle.read_all(*entry);
    // No encoding is declared in a CSV: UTF-8 when it is valid UTF-8, else the Windows code page.
    const bool recoded = !columns::is_valid_utf8(bytes);
    if (recoded) bytes = columns::cp1252_to_utf8(bytes);
    std::string_view text = bytes;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

    Plan plan = plan_for(text);
    if (plan.header) guess_date_order(text, plan);
    // One layout per Ag Leader field count, built once rather than per line.
    std::array<std::optional<Layout>, 18> agleader_layouts;
    for (std::size_t count = 0; count < agleader_layouts.size(); ++count) agleader_layouts[count] = detail::agleader_layout(count);
    TableBuilder builder;
    std::size_t skipped = 0;
    bool header_seen = false;
    std::vector<std::string> fields;
    std::size_t pos = 0;
    while (const auto line = detail::next_line(text, pos)) {
        if (trim(*line).empty()) continue;
        if (plan.header && !std::exchange(header_seen, true)) continue;
        detail::split_fields(*line, plan.delimiter, fields);
        const Layout* layout = plan.header ? &*plan.header : nullptr;
        if (!plan.header && fields.size() < agleader_layouts.size() && agleader_layouts[fields.size()])
            layout = &*agleader_layouts[fields.size()];
        if (layout == nullptr || !builder.add(*layout, fields, plan.order)) ++skipped;
    }
    auto data = builder.finish(!plan.header, skipped);
    if (plan.header) plan.header->resolution.describe(data.report, "generic point table");
    else data.report.exporter = "Ag Leader Advanced Export (headerless, by field count)";
    if (recoded) data.report.warn("the file is not UTF-8: read as Windows-1252 / ISO-8859-1");
    if (data.points.size() == 0)
        throw Error(ErrorCode::corrupt_file, fmt::format("csv: {}: no line with a position", entry_name));
    return data;
}

} // namespace furrow::formats::csv
