#include "store/sqlite/sqlite_db.hpp"

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

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) throw_sqlite_error(db, rc, fmt::format("prepare '{}'", sql.substr(0, 80)));
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, std::string_view value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    if (value) return bind(index, *value);
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
    if (value) return bind(index, *value);
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement& Statement::bind_value(int index, const Value& value) {
    std::visit([&](const auto& v) { bind(index, v); }, value);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_sqlite_error(m_db, rc, fmt::format("step '{}'", std::string_view(sqlite3_sql(m_stmt)).substr(0, 80)));
}

void Statement::run() {
    while (step()) {
    }
}

int Statement::changes() const { return sqlite3_changes(m_db); }

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

std::optional<std::int64_t> Statement::optional_integer(int column) const {
    if (is_null(column)) return std::nullopt;
    return integer(column);
}

std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column)) return std::nullopt;
    return real(column);
}

Database::Database(const std::string& path) {
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

Database::~Database() { sqlite3_close(m_db); }

void Database::exec(std::string_view sql) {
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
