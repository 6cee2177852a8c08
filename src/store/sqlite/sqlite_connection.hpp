#pragma once
// The SQLite connection under the SQL session: RAII over the C API (sql/connection.hpp contract).
#include "store/sql/connection.hpp"

#include <sqlite3.h>

#include <string>
#include <string_view>

namespace furrow::store::sqlite {

class SqliteConnection final : public sql::Connection {
public:
    explicit SqliteConnection(const std::string& path);
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;
    ~SqliteConnection() override;

    const sql::Dialect& dialect() const override;
    sql::Statement prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    bool healthy() const override { return sqlite3_get_autocommit(m_db) != 0; }

private:
    sqlite3* m_db = nullptr;
};

// Maps SQLITE_BUSY/LOCKED to ErrorCode::unavailable, SQLITE_CONSTRAINT to conflict and the rest to
// internal, with the SQL's context.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view context);

} // namespace furrow::store::sqlite
