#include "store/sqlite/sqlite_repository.hpp"

#include "core/error.hpp"
#include "store/sqlite/sqlite_schema.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace furrow::store::sqlite {

SqliteRepository::SqliteRepository(std::string path) : m_path(std::move(path)) {
    const auto parent = std::filesystem::path(m_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    auto db = std::make_unique<Database>(m_path);
    migrate(*db);
    m_idle.push_back(std::move(db));
}

std::unique_ptr<Session> SqliteRepository::connect() {
    std::unique_ptr<Database> db;
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            db = std::move(m_idle.back());
            m_idle.pop_back();
        }
    }
    if (!db) db = std::make_unique<Database>(m_path);
    return std::make_unique<SqliteSession>(*this, std::move(db));
}

void SqliteRepository::give_back(std::unique_ptr<Database> db) {
    std::lock_guard lock(m_mutex);
    constexpr std::size_t max_idle = 64;
    if (m_idle.size() < max_idle) m_idle.push_back(std::move(db));
}

SqliteSession::SqliteSession(SqliteRepository& owner, std::unique_ptr<Database> db)
    : m_owner(owner), m_db(std::move(db)) {}

SqliteSession::~SqliteSession() {
    if (m_transaction_depth > 0) return; // an exception escaped mid-transaction: drop the connection
    m_owner.give_back(std::move(m_db));
}

void SqliteSession::transaction(const std::function<void()>& fn) {
    if (m_transaction_depth > 0) {
        fn();
        return;
    }
    // IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading read locks.
    m_db->exec("BEGIN IMMEDIATE");
    ++m_transaction_depth;
    try {
        fn();
        m_db->exec("COMMIT");
        --m_transaction_depth;
    } catch (...) {
        --m_transaction_depth;
        try {
            m_db->exec("ROLLBACK");
        } catch (...) {
        }
        throw;
    }
}

namespace detail {
namespace {

void require_allowed(const std::string& column, const std::set<std::string>& allowed) {
    if (!allowed.contains(column))
        throw Error(ErrorCode::internal, fmt::format("sqlite: column '{}' is not listable", column));
}

} // namespace

ListSql build_list_sql(std::string_view table, std::string_view columns, const std::string& owner_id,
                       const ListQuery& query, const std::set<std::string>& allowed,
                       std::string_view time_column) {
    ListSql out;
    out.table = std::string(table);
    out.owner_id = owner_id;
    std::string where = "owner_id = ?";
    out.binds.emplace_back(owner_id);
    for (const auto& filter : query.filters) {
        require_allowed(filter.column, allowed);
        if (filter.op == Op::has_item)
            where += fmt::format(" AND EXISTS (SELECT 1 FROM json_each({}) WHERE json_each.value = ?)", filter.column);
        else
            where += fmt::format(" AND {} {} ?", filter.column, sql_operator(filter.op));
        out.binds.push_back(filter.value);
    }
    std::string order;
    for (const auto& key : query.sort) {
        require_allowed(key.column, allowed);
        order += fmt::format("{} {}, ", key.column, key.descending ? "DESC" : "ASC");
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

} // namespace detail
} // namespace furrow::store::sqlite
