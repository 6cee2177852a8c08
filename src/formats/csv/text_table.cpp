#include "formats/csv/text_table.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace furrow::formats::csv::detail {
namespace {

std::string_view trim_view(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Fields of one line for this delimiter, counting quotes so "F1: C1N, x" is one field.
std::size_t count_fields(std::string_view line, char delimiter) {
    std::size_t fields = 1;
    bool quoted = false;
    for (const char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == delimiter && !quoted) ++fields;
    }
    return fields;
}

} // namespace

std::optional<std::string_view> next_line(std::string_view text, std::size_t& pos) {
    if (pos >= text.size()) return std::nullopt;
    const auto end = text.find('\n', pos);
    const std::size_t stop = end == std::string_view::npos ? text.size() : end;
    std::string_view line = text.substr(pos, stop - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    return line;
}

char detect_delimiter(const std::vector<std::string_view>& lines) {
    constexpr std::array<char, 3> candidates = {',', ';', '\t'};
    char best = ',';
    std::size_t best_fields = 1;
    for (const char delimiter : candidates) {
        std::optional<std::size_t> fields;
        bool consistent = true;
        for (const auto line : lines) {
            if (trim_view(line).empty()) continue;
            const std::size_t n = count_fields(line, delimiter);
            if (fields && *fields != n) consistent = false;
            fields = fields ? std::min(*fields, n) : n;
        }
        // A consistent split wins over a larger inconsistent one (a ';' inside a comma file's text).
        if (fields && *fields > best_fields && (consistent || best_fields == 1)) {
            best = delimiter;
            best_fields = *fields;
        }
    }
    return best;
}

void split_fields(std::string_view line, char delimiter, std::vector<std::string>& out) {
    out.clear();
    std::string field;
    bool quoted = false;
    bool was_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
            was_quoted = true;
        } else if (c == delimiter) {
            out.push_back(was_quoted ? field : std::string(trim_view(field)));
            field.clear();
            was_quoted = false;
        } else {
            field += c;
        }
    }
    out.push_back(was_quoted ? field : std::string(trim_view(field)));
}

std::optional<double> parse_number(std::string_view field) {
    field = trim_view(field);
    if (!field.empty() && field.front() == '+') field.remove_prefix(1);
    if (field.empty()) return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

} // namespace furrow::formats::csv::detail
