#pragma once
// Exact list totals without recounting: X-Total-Count over 100 000 rows costs milliseconds per
// request, and lists are read far more often than written. A total is cached under its query and
// the owner's table version (list_versions, bumped by triggers on every write in any process), so
// any write makes the old entry unreachable.
#include "store/sql/connection.hpp"

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace furrow::store::sql {

class CountCache {
public:
    // Reads the version first and counts after, so a count is never older than the version it is
    // filed under.
    std::int64_t count(Connection& db, const std::string& count_sql, const std::vector<Value>& binds,
                       const std::string& owner_id, std::string_view table);

private:
    static constexpr std::size_t max_entries = 4096;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>> m_entries; // key -> (version, total)
};

} // namespace furrow::store::sql
