#include "support/store_backends.hpp"

#include "support/throwaway_postgres.hpp"

#include <stdexcept>

namespace furrow::testing {

std::string empty_database_url(const std::string& backend, const TempDir& dir) {
    if (backend == "sqlite") return "sqlite://" + (dir.path() / "db.sqlite").string();
    if (backend == "postgres") return ThrowawayPostgres::instance().fresh_database_url();
    throw std::invalid_argument("store tests: unknown backend " + backend);
}

} // namespace furrow::testing
