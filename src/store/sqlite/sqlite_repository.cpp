#include "store/sqlite/sqlite_repository.hpp"

#include "store/sql/sql_session.hpp"
#include "store/sqlite/sqlite_schema.hpp"

#include <filesystem>

namespace furrow::store::sqlite {

std::unique_ptr<Repository> open_sqlite_repository(const std::string& path) {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    auto first = std::make_unique<SqliteConnection>(path);
    migrate(*first);
    constexpr std::size_t max_idle = 64;
    return std::make_unique<sql::SqlRepository>([path] { return std::make_unique<SqliteConnection>(path); },
                                                std::move(first), max_idle);
}

} // namespace furrow::store::sqlite
