#pragma once
// Resource ids are random (version 4) UUIDs in lower-case canonical form.
#include <optional>
#include <string>
#include <string_view>

namespace furrow {

std::string new_uuid();
// Canonical lower-case form of a UUID string, or nullopt if it is not 8-4-4-4-12 hex.
std::optional<std::string> parse_uuid(std::string_view text);
// Hex string of `bytes` cryptographically random bytes (tokens, lease ids, secrets).
std::string random_hex(std::size_t bytes);

} // namespace furrow
