#pragma once
// Text from a source whose encoding is not declared (a .dbf without .cpg, a CSV): UTF-8 when it
// is valid UTF-8, else Windows-1252 (the superset of ISO-8859-1 that Windows exporters write),
// which every byte sequence is. The few CP1252 texts that are also valid UTF-8 (two accented
// letters in a row forming a UTF-8 pair) are read as UTF-8: ambiguous, and rare in column names.
#include <string>
#include <string_view>

namespace furrow::formats::columns {

bool is_valid_utf8(std::string_view text);
std::string cp1252_to_utf8(std::string_view text);
std::string text_as_utf8(std::string_view text); // the text itself when valid UTF-8, else from CP1252

} // namespace furrow::formats::columns
