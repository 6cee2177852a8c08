#pragma once
// Delimited text as the CSV reader and detector see it: lines, fields, numbers. Views point into the
// caller's buffer, so a whole file is one allocation plus the reader's columns.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::csv::detail {

// The next line of `text` from `pos` (without "\n" or "\r\n"); advances pos past the line break.
// nullopt at the end.
std::optional<std::string_view> next_line(std::string_view text, std::size_t& pos);

// Comma, semicolon or tab: the one that splits the sample lines into the most fields consistently.
// Comma when nothing splits them (a one-column file is no point table anyway).
char detect_delimiter(const std::vector<std::string_view>& lines);

// Splits one line. Fields may be quoted ("a, b" and "say ""hi""" per RFC 4180); quotes are removed
// and surrounding spaces trimmed. Quoted line breaks are not supported: yield exports have none.
void split_fields(std::string_view line, char delimiter, std::vector<std::string>& out);

// A finite number, with surrounding spaces allowed; nullopt for text, empty cells and "NA".
std::optional<double> parse_number(std::string_view field);

} // namespace furrow::formats::csv::detail
