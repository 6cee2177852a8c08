#pragma once
// Small string helpers shared across folders.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow {

std::string trim(std::string_view s);
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::vector<std::string> split(std::string_view s, char sep);
// Percent-decoding for URL paths and queries ('+' becomes a space only when plus_is_space).
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space);
std::string url_encode(std::string_view s);
// The URL with any "user:password@" password replaced by "***", for logs.
std::string redact_password(std::string_view url);

} // namespace furrow
