#pragma once
// The PostgreSQL connection under the SQL session (sql/connection.hpp contract), over libpq.
// Parameters travel as text with no type (OID 0), so the server infers each from where it is
// used: the session SQL binds int64/double/text exactly as it does for SQLite.
#include "store/sql/connection.hpp"

#include <libpq-fe.h>

#include <string>
#include <string_view>

namespace furrow::store::postgres {

class PgConnection final : public sql::Connection {
public:
    // `url`: postgres://user:pass@host:port/db (anything PQconnectdb accepts).
    explicit PgConnection(const std::string& url);
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    ~PgConnection() override;

    const sql::Dialect& dialect() const override;
    sql::Statement prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    // Connected and outside any transaction: only such a connection may serve the next session.
    bool healthy() const override;
    bool still_open() override;

private:
    PGconn* m_conn = nullptr;
};

// Throws the Error for a failed result (res may be null): unavailable when trying again later
// may work (connection lost, server shutting down, serialization failure, deadlock, lock
// timeout, too many connections), conflict for integrity violations, internal otherwise.
[[noreturn]] void throw_pg_error(PGconn* conn, const PGresult* res, std::string_view context);

} // namespace furrow::store::postgres
