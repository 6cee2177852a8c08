#pragma once
// Thin RAII wrappers over the SQLite C API, so repository code reads as SQL + binds.
#include "store/list_query.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace furrow::store::sqlite {

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bind_value(int index, const Value& value);

    bool step(); // true while there is a row
    void run();  // step to completion
    int changes() const;

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    bool is_null(int column) const;
    std::optional<std::int64_t> optional_integer(int column) const;
    std::optional<double> optional_real(int column) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

class Database {
public:
    explicit Database(const std::string& path);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    sqlite3* handle() const { return m_db; }
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(m_db, sql); }

private:
    sqlite3* m_db = nullptr;
};

// Maps SQLITE_BUSY/LOCKED to ErrorCode::unavailable and the rest to internal, with the SQL's context.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view context);

} // namespace furrow::store::sqlite
