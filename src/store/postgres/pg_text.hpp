#pragma once
// PostgreSQL text holds valid UTF-8 without NUL bytes; SQLite stores any bytes. Text values are
// made storable on the way in, so a zip entry name in CP437 or a query parameter with a stray
// byte behaves as in SQLite (stored, or simply not found) instead of failing the statement.
#include <string>
#include <string_view>

namespace furrow::store::postgres {

// `text` with every NUL byte and every byte that does not start a valid UTF-8 sequence
// (overlong forms and surrogates included) replaced by U+FFFD. Valid text comes back unchanged.
std::string storable_text(std::string_view text);

} // namespace furrow::store::postgres
