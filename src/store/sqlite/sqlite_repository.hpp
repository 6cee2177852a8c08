#pragma once
// The embedded default backend: one SQLite file in WAL mode, a small pool of connections.
#include "store/repository.hpp"

#include <memory>
#include <string>

namespace furrow::store::sqlite {

// Opens (creating it and its folder if needed) and migrates the database file at `path`.
std::unique_ptr<Repository> open_sqlite_repository(const std::string& path);

} // namespace furrow::store::sqlite
