#pragma once
// The shared backend: one PostgreSQL database that several furrow processes (API servers and
// workers) use at once, through a pool of libpq connections per process.
#include "store/repository.hpp"

#include <memory>
#include <string>

namespace furrow::store::postgres {

// Connects to `url` (postgres://user:pass@host:port/db) and applies the migrations.
std::unique_ptr<Repository> open_postgres_repository(const std::string& url);

} // namespace furrow::store::postgres
