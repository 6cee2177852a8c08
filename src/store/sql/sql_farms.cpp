// Growers and farms (migration 11). Ids come from the database (AUTOINCREMENT / BIGSERIAL) and
// are read back with RETURNING, which SQLite 3.35+ and PostgreSQL both understand. A farm's
// fieldIds and a grower's farmIds are read from the children's links each time, so unlinking a
// field (farmId null) or a farm (growerId null) needs no second write.
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

namespace furrow::store::sql {
namespace {

constexpr std::string_view grower_columns = "id, owner_id, leaf_user_id, name, created_time, updated_time";
constexpr std::string_view farm_columns = "id, owner_id, leaf_user_id, name, grower_id, created_time, updated_time";

Grower read_grower(const Statement& s) {
    Grower g;
    g.id = s.integer(0);
    g.owner_id = s.text(1);
    g.leaf_user_id = s.text(2);
    g.name = s.optional_text(3);
    g.created_time = s.integer(4);
    g.updated_time = s.integer(5);
    return g;
}

Farm read_farm(const Statement& s) {
    Farm f;
    f.id = s.integer(0);
    f.owner_id = s.text(1);
    f.leaf_user_id = s.text(2);
    f.name = s.optional_text(3);
    f.grower_id = s.optional_integer(4);
    f.created_time = s.integer(5);
    f.updated_time = s.integer(6);
    return f;
}

} // namespace

std::vector<std::int64_t> SqlSession::grower_farm_ids(const std::string& owner_id, std::int64_t grower_id) {
    auto s = m_db->prepare("SELECT id FROM farms WHERE owner_id = ? AND grower_id = ? ORDER BY created_time, id");
    s.bind(1, owner_id).bind(2, grower_id);
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.integer(0));
    return ids;
}

std::vector<std::string> SqlSession::farm_field_ids(const std::string& owner_id, std::int64_t farm_id) {
    auto s = m_db->prepare("SELECT id FROM fields WHERE owner_id = ? AND farm_id = ? ORDER BY created_time, id");
    s.bind(1, owner_id).bind(2, farm_id);
    std::vector<std::string> ids;
    while (s.step()) ids.push_back(s.text(0));
    return ids;
}

Grower SqlSession::insert_grower(const Grower& grower) {
    auto s = m_db->prepare("INSERT INTO growers (owner_id, leaf_user_id, name, created_time, updated_time) "
                           "VALUES (?, ?, ?, ?, ?) RETURNING id");
    s.bind(1, grower.owner_id)
        .bind(2, grower.leaf_user_id)
        .bind(3, grower.name)
        .bind(4, grower.created_time)
        .bind(5, grower.updated_time);
    s.step();
    Grower out = grower;
    out.id = s.integer(0);
    s.run(); // PostgreSQL's RETURNING reads to the end before the statement is done
    out.farm_ids.clear();
    return out;
}

bool SqlSession::update_grower(const Grower& grower) {
    auto s = m_db->prepare("UPDATE growers SET name = ?, updated_time = ? WHERE owner_id = ? AND id = ?");
    s.bind(1, grower.name).bind(2, grower.updated_time).bind(3, grower.owner_id).bind(4, grower.id).run();
    return s.changes() > 0;
}

std::optional<Grower> SqlSession::find_grower(const std::string& owner_id, std::int64_t id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM growers WHERE owner_id = ? AND id = ?", grower_columns));
    s.bind(1, owner_id).bind(2, id);
    if (!s.step()) return std::nullopt;
    auto grower = read_grower(s);
    grower.farm_ids = grower_farm_ids(owner_id, grower.id);
    return grower;
}

Page<Grower> SqlSession::list_growers(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id", "leaf_user_id", "name", "provider", "created_time",
                                                  "updated_time"};
    const auto sql =
        detail::build_list_sql(m_db->dialect(), "growers", grower_columns, owner_id, query, allowed, "created_time");
    auto page = detail::run_list<Grower>(*m_db, m_owner.counts(), sql, query, read_grower);
    for (auto& grower : page.items) grower.farm_ids = grower_farm_ids(owner_id, grower.id);
    return page;
}

Farm SqlSession::insert_farm(const Farm& farm) {
    auto s = m_db->prepare("INSERT INTO farms (owner_id, leaf_user_id, name, grower_id, created_time, updated_time) "
                           "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    s.bind(1, farm.owner_id)
        .bind(2, farm.leaf_user_id)
        .bind(3, farm.name)
        .bind(4, farm.grower_id)
        .bind(5, farm.created_time)
        .bind(6, farm.updated_time);
    s.step();
    Farm out = farm;
    out.id = s.integer(0);
    s.run();
    out.field_ids.clear();
    return out;
}

bool SqlSession::update_farm(const Farm& farm) {
    auto s = m_db->prepare("UPDATE farms SET name = ?, grower_id = ?, updated_time = ? WHERE owner_id = ? AND id = ?");
    s.bind(1, farm.name)
        .bind(2, farm.grower_id)
        .bind(3, farm.updated_time)
        .bind(4, farm.owner_id)
        .bind(5, farm.id)
        .run();
    return s.changes() > 0;
}

std::optional<Farm> SqlSession::find_farm(const std::string& owner_id, std::int64_t id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM farms WHERE owner_id = ? AND id = ?", farm_columns));
    s.bind(1, owner_id).bind(2, id);
    if (!s.step()) return std::nullopt;
    auto farm = read_farm(s);
    farm.field_ids = farm_field_ids(owner_id, farm.id);
    return farm;
}

Page<Farm> SqlSession::list_farms(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id",       "leaf_user_id", "name",        "grower_id",
                                                  "provider", "created_time", "updated_time"};
    const auto sql =
        detail::build_list_sql(m_db->dialect(), "farms", farm_columns, owner_id, query, allowed, "created_time");
    auto page = detail::run_list<Farm>(*m_db, m_owner.counts(), sql, query, read_farm);
    for (auto& farm : page.items) farm.field_ids = farm_field_ids(owner_id, farm.id);
    return page;
}

} // namespace furrow::store::sql
