#include "store/sql/count_cache.hpp"

#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

namespace furrow::store::sql {
namespace {

std::string cache_key(const std::string& sql, const std::vector<Value>& binds) {
    std::string key = sql;
    for (const auto& value : binds) {
        key += '\x1f';
        key += std::to_string(value.index()); // type tag: "1" and 1 are different binds
        key += std::visit([](const auto& v) { return fmt::format("{}", v); }, value);
    }
    return key;
}

} // namespace

std::int64_t CountCache::count(Connection& db, const std::string& count_sql, const std::vector<Value>& binds,
                               const std::string& owner_id, std::string_view table) {
    auto version_stmt = db.prepare("SELECT version FROM list_versions WHERE owner_id = ? AND table_name = ?");
    version_stmt.bind(1, owner_id).bind(2, table);
    const std::int64_t version = version_stmt.step() ? version_stmt.integer(0) : 0;
    const std::string key = cache_key(count_sql, binds);
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_entries.find(key);
        if (it != m_entries.end() && it->second.first == version) return it->second.second;
    }
    auto count_stmt = db.prepare(count_sql);
    detail::bind_all(count_stmt, binds);
    count_stmt.step();
    const std::int64_t total = count_stmt.integer(0);
    std::lock_guard lock(m_mutex);
    if (m_entries.size() >= max_entries) m_entries.clear();
    m_entries[key] = {version, total};
    return total;
}

} // namespace furrow::store::sql
