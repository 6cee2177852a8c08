#pragma once
// Length limits of what clients may store (docs/API.md "Limits"). Every stored member has one, so a
// stored record, and with it a page of a list (at most 100 records), has a known largest size:
// without them a 1 MiB name made a 100 MiB list answer (issue #16). Lengths are in bytes of UTF-8.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace furrow::api::limits {

inline constexpr std::size_t name = 256;        // user, field and webhook names
inline constexpr std::size_t email = 320;       // RFC 5321: 64 + @ + 255
inline constexpr std::size_t phone = 64;
inline constexpr std::size_t external_id = 256; // externalId and the fields' provider* members
inline constexpr std::size_t address = 1024;    // a user's address, as text or as a JSON object
inline constexpr std::size_t credentials = 4096; // each *Credentials object, as JSON
inline constexpr std::size_t secret = 1024;     // webhook secrets
inline constexpr std::size_t password = 1024;   // POST /api/authenticate
inline constexpr std::size_t file_name = 255;   // an upload's file name (most file systems' limit)
inline constexpr std::size_t url = 2048;        // webhook URLs

// Throws Error(invalid_input, field, "<field>: longer than <max> bytes (<n>)").
void check_length(std::string_view field, std::string_view value, std::size_t max);
// The same for a JSON member measured as compact JSON text.
void check_json_length(std::string_view field, const nlohmann::json& value, std::size_t max);

} // namespace furrow::api::limits
