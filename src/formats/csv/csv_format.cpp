#include "formats/csv/csv_format.hpp"

#include "formats/csv/csv_reader.hpp"
#include "formats/csv/layouts.hpp"
#include "formats/csv/text_table.hpp"
#include "formats/detect_helpers.hpp"

namespace furrow::formats::csv {
namespace {

constexpr std::size_t head_bytes = 8192;
constexpr std::size_t sample_lines = 5;

// The first complete non-empty lines of `head` (a line cut off by the head's end is dropped,
// unless it is the only one).
std::vector<std::string_view> first_lines(std::string_view head) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (lines.size() < sample_lines) {
        const auto line = detail::next_line(head, pos);
        if (!line) break;
        const bool cut = pos >= head.size() && head.back() != '\n' && head.size() >= head_bytes;
        if (cut && !lines.empty()) break;
        if (!line->empty()) lines.push_back(*line);
    }
    return lines;
}

std::vector<Dataset> detect(const Bundle& bundle) {
    std::vector<Dataset> out;
    for (const auto& entry : bundle.entries()) {
        if (!formats::detail::has_extension(entry.path, ".csv") && !formats::detail::has_extension(entry.path, ".txt"))
            continue;
        if (entry.size <= 0 || !detail::looks_like_point_table(bundle.read_head(entry, head_bytes))) continue;
        Dataset ds;
        ds.key = entry.path;
        ds.name = std::string(formats::detail::file_name_of(entry.path));
        ds.marker = entry.path;
        ds.entries.push_back(entry.path);
        out.push_back(std::move(ds));
    }
    return out;
}

} // namespace

namespace detail {
namespace {

// A header alone could be a note that happens to say "lat, lon": the next line must hold a position.
bool has_position(const Layout& layout, const std::vector<std::string>& row) {
    std::optional<double> lon, lat;
    for (std::size_t column_idx = 0; column_idx < layout.columns.size() && column_idx < row.size(); ++column_idx) {
        if (layout.columns[column_idx].role == Role::lon) lon = parse_number(row[column_idx]);
        if (layout.columns[column_idx].role == Role::lat) lat = parse_number(row[column_idx]);
    }
    return lon && lat;
}

} // namespace


bool looks_like_point_table(std::string_view head) {
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    const auto lines = first_lines(head);
    if (lines.empty()) return false;
    const char delimiter = detect_delimiter(lines);
    std::vector<std::string> first, second;
    split_fields(lines[0], delimiter, first);
    if (lines.size() > 1) split_fields(lines[1], delimiter, second);
    if (const auto layout = header_layout(first, second)) return has_position(*layout, second);
    // Headerless Ag Leader: the first line and most of the others must look like records (a
    // hand-edited export may hold a broken line early on; the reader skips and counts it).
    if (!is_agleader_row(first)) return false;
    std::size_t records = 0;
    for (const auto line : lines) {
        split_fields(line, delimiter, first);
        records += is_agleader_row(first) ? 1 : 0;
    }
    return records * 2 > lines.size();
}

} // namespace detail

Format format() {
    return {"csv", "Yield monitor text (Ag Leader Advanced Export, CSV with a header)", "CSV", "Leaf", detect, "",
            nullptr, read};
}

} // namespace furrow::formats::csv
