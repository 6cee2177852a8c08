#include "store/repository.hpp"

#include "core/error.hpp"
#include "store/postgres/pg_repository.hpp"
#include "store/sqlite/sqlite_repository.hpp"

#include <fmt/format.h>

namespace furrow::store {

std::unique_ptr<Repository> open_repository(const std::string& url) {
    constexpr std::string_view sqlite_scheme = "sqlite://";
    if (url.starts_with(sqlite_scheme)) return sqlite::open_sqlite_repository(url.substr(sqlite_scheme.size()));
    if (url.starts_with("postgres://") || url.starts_with("postgresql://"))
        return postgres::open_postgres_repository(url);
    // Only the scheme is repeated: the rest may hold a password.
    throw Error(ErrorCode::invalid_input, "FURROW_DATABASE_URL",
                fmt::format("store: unsupported database URL scheme '{}' (expected sqlite://PATH or "
                            "postgres://USER:PASSWORD@HOST:PORT/DATABASE)",
                            url.substr(0, url.find(':'))));
}

} // namespace furrow::store
