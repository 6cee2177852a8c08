#include "store/postgres/pg_repository.hpp"

#include "store/postgres/pg_schema.hpp"
#include "store/sql/sql_session.hpp"

namespace furrow::store::postgres {

std::unique_ptr<Repository> open_postgres_repository(const std::string& url) {
    auto first = std::make_unique<PgConnection>(url);
    migrate(*first);
    // Each idle connection is a server process; a few per furrow process cover the usual
    // concurrency (more are opened under load and closed when given back beyond this).
    constexpr std::size_t max_idle = 16;
    return std::make_unique<sql::SqlRepository>([url] { return std::make_unique<PgConnection>(url); },
                                                std::move(first), max_idle);
}

} // namespace furrow::store::postgres
