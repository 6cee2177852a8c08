#include "store/sql/sql_session.hpp"

namespace furrow::store::sql {

std::optional<StoredConfig> SqlSession::find_config(const std::string& owner_id, const std::string& leaf_user_id) {
    auto s = m_db->prepare("SELECT \"values\", updated_time FROM configs WHERE owner_id = ? AND leaf_user_id = ?");
    s.bind(1, owner_id).bind(2, leaf_user_id);
    if (!s.step()) return std::nullopt;
    StoredConfig config{owner_id, leaf_user_id, nlohmann::json::parse(s.text(0), nullptr, false), s.integer(1)};
    if (!config.values.is_object()) config.values = nlohmann::json::object();
    return config;
}

void SqlSession::put_config(const StoredConfig& config) {
    m_db->prepare("INSERT INTO configs (owner_id, leaf_user_id, \"values\", updated_time) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (owner_id, leaf_user_id) DO UPDATE SET \"values\" = excluded.\"values\", "
                  "updated_time = excluded.updated_time")
        .bind(1, config.owner_id)
        .bind(2, config.leaf_user_id)
        .bind(3, config.values.dump())
        .bind(4, config.updated_time)
        .run();
}

bool SqlSession::delete_config(const std::string& owner_id, const std::string& leaf_user_id) {
    auto s = m_db->prepare("DELETE FROM configs WHERE owner_id = ? AND leaf_user_id = ?");
    s.bind(1, owner_id).bind(2, leaf_user_id).run();
    return s.changes() > 0;
}

} // namespace furrow::store::sql
