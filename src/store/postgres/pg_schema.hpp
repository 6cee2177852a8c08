#pragma once
#include "store/postgres/pg_connection.hpp"

namespace furrow::store::postgres {

// Applies every migration not yet in schema_migrations, each in its own transaction, while holding
// an advisory lock: processes starting together migrate one after the other.
void migrate(PgConnection& db);

} // namespace furrow::store::postgres
