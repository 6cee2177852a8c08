#pragma once
#include "store/sqlite/sqlite_db.hpp"

namespace furrow::store::sqlite {

// Applies every migration newer than PRAGMA user_version, each in its own transaction.
void migrate(Database& db);

} // namespace furrow::store::sqlite
