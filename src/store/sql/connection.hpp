#pragma once
// The connection seam under the SQL session (sql_session.hpp). The session code is written once,
// against these classes; each backend folder (sqlite/, postgres/) provides a Connection and a
// StatementImpl over its C API, plus a Dialect naming the few spots where the SQL differs.
//
// Contract of an implementation:
// - `?` placeholders (or `?N`, not mixed in one statement) are numbered from 1, like SQLite's.
// - step() runs the statement on its first call; it returns true while a row is available and
//   the column getters read that row. A NULL reads as "" / 0 / 0.0 and is_null() tells it apart.
// - Failures throw furrow::Error: ErrorCode::unavailable when retrying later may succeed (lock
//   timeouts, serialization failures, a lost server), conflict for constraint violations,
//   internal for the rest.
#include "store/list_query.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace furrow::store::sql {

// The SQL that differs between backends, as data; everything else is written once.
struct Dialect {
    std::string_view name;  // prefixes error messages: "sqlite", "postgres"
    std::string_view begin; // opens a write transaction
    // Appended to the job lease's row pick, so concurrent leasers skip rows another transaction
    // is taking instead of waiting for it ("" when the backend has one writer at a time anyway).
    std::string_view skip_locked;
    // Run first inside the alert-lease transaction so that leases are taken one at a time across
    // processes ("" when the backend's write transactions already are).
    std::string_view serialize_alert_leases;
    // Takes a transaction-scoped lock on the bound (one `?`) text key, so transactions that look for
    // a row and then insert one under the same key run one at a time ("" when the backend's write
    // transactions already do).
    std::string_view lock_key;
    // SQL that is true when the JSON array of strings in `column` holds the bound (one `?`) string.
    std::string (*has_item)(std::string_view column);
};

class StatementImpl {
public:
    virtual ~StatementImpl() = default;
    virtual void bind_text(int index, std::string_view value) = 0;
    virtual void bind_integer(int index, std::int64_t value) = 0;
    virtual void bind_real(int index, double value) = 0;
    virtual void bind_null(int index) = 0;
    virtual bool step() = 0;
    virtual int changes() const = 0; // rows written by the statement, once it has run
    virtual std::string text(int column) const = 0;
    virtual std::int64_t integer(int column) const = 0;
    virtual double real(int column) const = 0;
    virtual bool is_null(int column) const = 0;
};

// A prepared statement: binds, then step() through its rows. Movable, not copyable.
class Statement {
public:
    explicit Statement(std::unique_ptr<StatementImpl> impl) : m_impl(std::move(impl)) {}

    Statement& bind(int index, std::string_view value) { return m_impl->bind_text(index, value), *this; }
    Statement& bind(int index, std::int64_t value) { return m_impl->bind_integer(index, value), *this; }
    Statement& bind(int index, double value) { return m_impl->bind_real(index, value), *this; }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bind_value(int index, const Value& value);

    bool step() { return m_impl->step(); } // true while there is a row
    void run();                              // step to completion
    int changes() const { return m_impl->changes(); }

    std::string text(int column) const { return m_impl->text(column); }
    std::int64_t integer(int column) const { return m_impl->integer(column); }
    double real(int column) const { return m_impl->real(column); }
    bool is_null(int column) const { return m_impl->is_null(column); }
    std::optional<std::int64_t> optional_integer(int column) const;
    std::optional<double> optional_real(int column) const;
    std::optional<std::string> optional_text(int column) const;

private:
    std::unique_ptr<StatementImpl> m_impl;
};

// One database connection, used by one thread at a time.
class Connection {
public:
    virtual ~Connection() = default;
    virtual const Dialect& dialect() const = 0;
    virtual Statement prepare(std::string_view sql) = 0;
    virtual void exec(std::string_view sql) = 0; // one or more statements, no binds, rows ignored
    // False once the connection is broken or left mid-transaction: the pool drops it then.
    virtual bool healthy() const = 0;
    // Checked when an idle connection leaves the pool: false if the server closed it meanwhile (a
    // database restart), which healthy() cannot see until a statement fails on it.
    virtual bool still_open() { return healthy(); }

    void begin() { exec(dialect().begin); }
    void commit() { exec("COMMIT"); }
    void rollback() { exec("ROLLBACK"); }
};

} // namespace furrow::store::sql
