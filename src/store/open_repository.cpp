#include "store/repository.hpp"

#include "core/error.hpp"
#include "store/sqlite/sqlite_repository.hpp"

#include <fmt/format.h>

namespace furrow::store {

std::unique_ptr<Repository> open_repository(const std::string& url) {
    constexpr std::string_view sqlite_scheme = "sqlite://";
    if (url.starts_with(sqlite_scheme)) return std::make_unique<sqlite::SqliteRepository>(url.substr(sqlite_scheme.size()));
    throw Error(ErrorCode::invalid_input, "FURROW_DATABASE_URL",
                fmt::format("store: unsupported database URL '{}' (expected sqlite://PATH)", url));
}

} // namespace furrow::store
