#include "store/postgres/pg_connection.hpp"

#include "core/error.hpp"
#include "store/postgres/pg_placeholders.hpp"
#include "store/postgres/pg_text.hpp"

#include <fmt/format.h>

#include <poll.h>

#include <charconv>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace furrow::store::postgres {

namespace {

// SQLSTATE classes and codes after which the same work may succeed if tried again.
bool is_transient(std::string_view state) {
    const auto cls = state.substr(0, 2);
    return cls == "08"                                        // connection exception
           || cls == "53"                                     // insufficient resources (too many connections)
           || cls == "57"                                     // operator intervention: admin_shutdown, crash_shutdown...
           || state == "40001" || state == "40P01"            // serialization failure, deadlock
           || state == "55P03";                               // lock not available
}

} // namespace

void throw_pg_error(PGconn* conn, const PGresult* res, std::string_view context) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = res ? PQresultErrorMessage(res) : "";
    if (message.empty() && conn) message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    // No SQLSTATE: libpq itself failed (the server went away mid-statement).
    const ErrorCode code = state == nullptr || is_transient(state)          ? ErrorCode::unavailable
                           : std::string_view(state).substr(0, 2) == "23" ? ErrorCode::conflict
                                                                          : ErrorCode::internal;
    throw Error(code, fmt::format("postgres: {}: {}{}", context, message, state ? fmt::format(" ({})", state) : ""));
}

namespace {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string has_item_jsonb(std::string_view column) {
    return fmt::format("EXISTS (SELECT 1 FROM jsonb_array_elements_text({}::jsonb) AS item(value) WHERE item.value = ?)",
                       column);
}

// Job leases skip rows another worker's transaction is taking; alert leases take one
// transaction-scoped advisory lock (released at commit), so they are granted one at a time.
constexpr sql::Dialect pg_dialect{"postgres", "BEGIN", " FOR UPDATE SKIP LOCKED",
                                  "SELECT pg_advisory_xact_lock(7306072976916660225)",
                                  "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", has_item_jsonb};

class PgStatement final : public sql::StatementImpl {
public:
    PgStatement(PGconn* conn, std::string_view sql) : m_conn(conn) {
        auto numbered = numbered_placeholders(sql);
        m_sql = std::move(numbered.sql);
        m_values.resize(static_cast<std::size_t>(numbered.parameters));
    }

    void bind_text(int index, std::string_view value) override { slot(index) = storable_text(value); }
    void bind_integer(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
    // fmt's shortest form reads back to the same double; "nan"/"inf" are accepted too.
    void bind_real(int index, double value) override { slot(index) = fmt::format("{}", value); }
    void bind_null(int index) override { slot(index).reset(); }

    bool step() override {
        if (!m_result) execute();
        ++m_row;
        return m_row < PQntuples(m_result.get());
    }
    int changes() const override {
        const char* tuples = m_result ? PQcmdTuples(m_result.get()) : "";
        return *tuples ? std::atoi(tuples) : 0;
    }

    std::string text(int column) const override {
        check(column);
        return std::string(PQgetvalue(m_result.get(), m_row, column),
                           static_cast<std::size_t>(PQgetlength(m_result.get(), m_row, column)));
    }
    std::int64_t integer(int column) const override {
        const auto value = text(column);
        std::int64_t out = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
        if (ec == std::errc() && end == value.data() + value.size()) return out;
        return static_cast<std::int64_t>(std::strtod(value.c_str(), nullptr)); // like SQLite's cast
    }
    double real(int column) const override { return std::strtod(text(column).c_str(), nullptr); }
    bool is_null(int column) const override {
        check(column);
        return PQgetisnull(m_result.get(), m_row, column) != 0;
    }

private:
    std::optional<std::string>& slot(int index) {
        if (index < 1 || static_cast<std::size_t>(index) > m_values.size())
            throw Error(ErrorCode::internal, fmt::format("postgres: bind {} out of range in '{}'", index,
                                                         std::string_view(m_sql).substr(0, 80)));
        return m_values[static_cast<std::size_t>(index - 1)];
    }
    void check(int column) const {
        if (!m_result || m_row < 0 || m_row >= PQntuples(m_result.get()) || column < 0 ||
            column >= PQnfields(m_result.get()))
            throw Error(ErrorCode::internal, fmt::format("postgres: no column {} in the current row of '{}'", column,
                                                         std::string_view(m_sql).substr(0, 80)));
    }
    void execute() {
        std::vector<const char*> values;
        values.reserve(m_values.size());
        for (const auto& value : m_values) values.push_back(value ? value->c_str() : nullptr);
        ResultPtr result(PQexecParams(m_conn, m_sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                      nullptr, nullptr, 0),
                         &PQclear);
        const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            throw_pg_error(m_conn, result.get(), fmt::format("'{}'", std::string_view(m_sql).substr(0, 80)));
        m_result = std::move(result);
    }

    PGconn* m_conn;
    std::string m_sql;
    std::vector<std::optional<std::string>> m_values;
    ResultPtr m_result{nullptr, &PQclear};
    int m_row = -1;
};

void ignore_notice(void*, const char*) {} // "already exists, skipping" and the like: not errors

} // namespace

PgConnection::PgConnection(const std::string& url) {
    m_conn = PQconnectdb(url.c_str());
    if (PQstatus(m_conn) != CONNECTION_OK) {
        // The message names host and port, never the password; the URL is not repeated.
        std::string message = m_conn ? PQerrorMessage(m_conn) : "out of memory";
        while (!message.empty() && message.back() == '\n') message.pop_back();
        PQfinish(m_conn);
        m_conn = nullptr;
        throw Error(ErrorCode::unavailable, fmt::format("postgres: cannot connect: {}", message));
    }
    PQsetNoticeProcessor(m_conn, ignore_notice, nullptr);
}

PgConnection::~PgConnection() { PQfinish(m_conn); }

const sql::Dialect& PgConnection::dialect() const { return pg_dialect; }

sql::Statement PgConnection::prepare(std::string_view sql) {
    return sql::Statement(std::make_unique<PgStatement>(m_conn, sql));
}

void PgConnection::exec(std::string_view sql) {
    const std::string text(sql);
    ResultPtr result(PQexec(m_conn, text.c_str()), &PQclear);
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw_pg_error(m_conn, result.get(), fmt::format("'{}'", std::string_view(text).substr(0, 80)));
}

bool PgConnection::healthy() const {
    return PQstatus(m_conn) == CONNECTION_OK && PQtransactionStatus(m_conn) == PQTRANS_IDLE;
}

bool PgConnection::still_open() {
    if (!healthy()) return false;
    // An idle connection has nothing to read. A server that shut down sent its goodbye and closed
    // the socket: the peer's hang-up shows in poll() at once, before libpq has noticed anything.
    pollfd socket{PQsocket(m_conn), POLLIN | POLLRDHUP, 0};
    if (::poll(&socket, 1, 0) < 0) return false;
    if ((socket.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0) return false;
    return (socket.revents & POLLIN) == 0 || (PQconsumeInput(m_conn) == 1 && healthy());
}

} // namespace furrow::store::postgres
