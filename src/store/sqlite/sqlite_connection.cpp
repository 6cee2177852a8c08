#include "store/sqlite/sqlite_connection.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace furrow::store::sqlite {

void throw_sqlite_error(sqlite3* db, int rc, std::string_view context) {
    const auto primary = rc & 0xff;
    const ErrorCode code = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? ErrorCode::unavailable
                           : primary == SQLITE_CONSTRAINT                      ? ErrorCode::conflict
                                                                               : ErrorCode::internal;
    throw Error(code, fmt::format("sqlite: {}: {}", context, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

namespace {

std::string json_each_has_item(std::string_view column) {
    return fmt::format("EXISTS (SELECT 1 FROM json_each({}) WHERE json_each.value = ?)", column);
}

// One writer at a time: IMMEDIATE takes the write lock up front, so two writers never deadlock
// upgrading read locks, and nothing else needs to skip or serialize.
constexpr sql::Dialect sqlite_dialect{"sqlite", "BEGIN IMMEDIATE", "", "", "", json_each_has_item};

class SqliteStatement final : public sql::StatementImpl {
public:
    SqliteStatement(sqlite3* db, std::string_view sql) : m_db(db) {
        const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
        if (rc != SQLITE_OK) throw_sqlite_error(db, rc, fmt::format("prepare '{}'", sql.substr(0, 80)));
    }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement() override { sqlite3_finalize(m_stmt); }

    void bind_text(int index, std::string_view value) override {
        sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    }
    void bind_integer(int index, std::int64_t value) override { sqlite3_bind_int64(m_stmt, index, value); }
    void bind_real(int index, double value) override { sqlite3_bind_double(m_stmt, index, value); }
    void bind_null(int index) override { sqlite3_bind_null(m_stmt, index); }

    bool step() override {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw_sqlite_error(m_db, rc, fmt::format("step '{}'", std::string_view(sqlite3_sql(m_stmt)).substr(0, 80)));
    }
    int changes() const override { return sqlite3_changes(m_db); }

    std::string text(int column) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
    }
    std::int64_t integer(int column) const override { return sqlite3_column_int64(m_stmt, column); }
    double real(int column) const override { return sqlite3_column_double(m_stmt, column); }
    bool is_null(int column) const override { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace

SqliteConnection::SqliteConnection(const std::string& path) {
    const int rc = sqlite3_open_v2(path.c_str(), &m_db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error(ErrorCode::unavailable, fmt::format("sqlite: cannot open {}: {}", path, message));
    }
    // Writers from the API threads, the workers and other processes (CLI, `furrow worker`) wait
    // for each other instead of failing.
    sqlite3_busy_timeout(m_db, 30'000);
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

SqliteConnection::~SqliteConnection() { sqlite3_close(m_db); }

const sql::Dialect& SqliteConnection::dialect() const { return sqlite_dialect; }

sql::Statement SqliteConnection::prepare(std::string_view sql) {
    return sql::Statement(std::make_unique<SqliteStatement>(m_db, sql));
}

void SqliteConnection::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string what = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        const auto primary = rc & 0xff;
        throw Error(primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? ErrorCode::unavailable : ErrorCode::internal,
                    fmt::format("sqlite: {}: {}", text.substr(0, 80), what));
    }
}

} // namespace furrow::store::sqlite
