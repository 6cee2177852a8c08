#include "store/sql/sql_session.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace furrow::store::sql {

SqlRepository::SqlRepository(Opener open, std::unique_ptr<Connection> first, std::size_t max_idle)
    : m_open(std::move(open)), m_max_idle(max_idle) {
    if (first) m_idle.push_back(std::move(first));
}

std::unique_ptr<Session> SqlRepository::connect() {
    std::unique_ptr<Connection> db;
    {
        std::lock_guard lock(m_mutex);
        while (!db && !m_idle.empty()) {
            db = std::move(m_idle.back());
            m_idle.pop_back();
            if (!db->still_open()) db.reset();
        }
    }
    if (!db) db = m_open();
    return std::make_unique<SqlSession>(*this, std::move(db));
}

void SqlRepository::give_back(std::unique_ptr<Connection> db) {
    std::lock_guard lock(m_mutex);
    if (!db->healthy()) {
        // What broke this one (a server restart, a network cut) most likely broke the idle ones
        // too; dropping them now spares the next callers one failed attempt each.
        m_idle.clear();
        return;
    }
    if (m_idle.size() < m_max_idle) m_idle.push_back(std::move(db));
}

SqlSession::SqlSession(SqlRepository& owner, std::unique_ptr<Connection> db) : m_owner(owner), m_db(std::move(db)) {}

SqlSession::~SqlSession() {
    if (m_transaction_depth > 0) return; // an exception escaped mid-transaction: drop the connection
    m_owner.give_back(std::move(m_db));
}

void SqlSession::transaction(const std::function<void()>& fn) {
    if (m_transaction_depth > 0) {
        fn();
        return;
    }
    m_db->begin();
    ++m_transaction_depth;
    try {
        fn();
        m_db->commit();
        --m_transaction_depth;
    } catch (...) {
        --m_transaction_depth;
        try {
            m_db->rollback();
        } catch (...) {
            // The connection is gone or unusable; healthy() says so and the pool drops it.
        }
        throw;
    }
}

namespace detail {
namespace {

void require_allowed(const std::string& column, const std::set<std::string>& allowed) {
    if (!allowed.contains(column))
        throw Error(ErrorCode::internal, fmt::format("store: column '{}' is not listable", column));
}

} // namespace

ListSql build_list_sql(const Dialect& dialect, std::string_view table, std::string_view columns,
                       const std::string& owner_id, const ListQuery& query, const std::set<std::string>& allowed,
                       std::string_view time_column) {
    ListSql out;
    out.table = std::string(table);
    out.owner_id = owner_id;
    std::string where = "owner_id = ?";
    out.binds.emplace_back(owner_id);
    for (const auto& filter : query.filters) {
        require_allowed(filter.column, allowed);
        if (filter.op == Op::has_item) where += " AND " + dialect.has_item(filter.column);
        else where += fmt::format(" AND {} {} ?", filter.column, sql_operator(filter.op));
        out.binds.push_back(filter.value);
    }
    // NULLs placed explicitly (SQLite puts them first ascending, PostgreSQL last), so every
    // backend pages the same rows in the same order.
    std::string order;
    for (const auto& key : query.sort) {
        require_allowed(key.column, allowed);
        order += fmt::format("{} {}, ", key.column, key.descending ? "DESC NULLS LAST" : "ASC NULLS FIRST");
    }
    order += query.sort.empty() ? fmt::format("{} ASC, id ASC", time_column) : std::string("id ASC");
    out.select = fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT ? OFFSET ?", columns, table, where, order);
    out.count = fmt::format("SELECT COUNT(*) FROM {} WHERE {}", table, where);
    return out;
}

void bind_all(Statement& stmt, const std::vector<Value>& binds) {
    int index = 1;
    for (const auto& value : binds) stmt.bind_value(index++, value);
}

std::string upsert_by_id_sql(std::string_view table, std::string_view columns) {
    std::string placeholders;
    std::string updates;
    std::size_t start = 0;
    while (start < columns.size()) {
        auto end = columns.find(',', start);
        if (end == std::string_view::npos) end = columns.size();
        auto column = columns.substr(start, end - start);
        while (!column.empty() && column.front() == ' ') column.remove_prefix(1);
        placeholders += placeholders.empty() ? "?" : ", ?";
        if (column != "id") updates += fmt::format("{}{} = excluded.{}", updates.empty() ? "" : ", ", column, column);
        start = end + 1;
    }
    return fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}", table, columns,
                       placeholders, updates);
}

} // namespace detail
} // namespace furrow::store::sql
