#pragma once
#include "store/sqlite/sqlite_connection.hpp"

namespace furrow::store::sqlite {

// Applies every migration newer than PRAGMA user_version, each in its own transaction.
void migrate(SqliteConnection& db);

} // namespace furrow::store::sqlite
