#pragma once
// The session SQL numbers its parameters SQLite's way (`?`, or `?N`); PostgreSQL wants `$N`.
#include <string>
#include <string_view>

namespace furrow::store::postgres {

struct NumberedSql {
    std::string sql;     // every placeholder as $N
    int parameters = 0;  // the highest N
};

// Rewrites `?` (numbered in order) and `?N` (kept) as `$N`, leaving quoted literals ('...'),
// quoted identifiers ("...") and `--` comments alone. Both kinds in one statement: Error(internal).
NumberedSql numbered_placeholders(std::string_view sql);

} // namespace furrow::store::postgres
