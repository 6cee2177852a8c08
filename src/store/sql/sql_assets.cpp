// Assets (machines, implements, operators) pooled from machine files, and the file <-> asset links.
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace furrow::store::sql {
namespace {

constexpr std::string_view asset_columns =
    "id, owner_id, leaf_user_id, kind, identity, source_id, name, serial_number, brand, provider, created_time, "
    "updated_time";

Asset read_asset(const Statement& s) {
    return Asset{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4),   s.text(5),
                 s.text(6), s.text(7), s.text(8), s.text(9), s.integer(10), s.integer(11)};
}

} // namespace

// Inserts the record, or fills in what an earlier file left empty (a later file may know the
// name or brand). updated_time moves only when something changed. The stored row's columns are
// qualified (assets.name): unqualified, PostgreSQL finds them ambiguous with excluded's.
std::string SqlSession::upsert_asset(const std::string& owner_id, const std::string& leaf_user_id,
                                        const AssetInput& input, const std::string& identity, TimeMs now) {
    m_db->prepare(R"sql(
INSERT INTO assets (id, owner_id, leaf_user_id, kind, identity, source_id, name, serial_number, brand, provider,
                    created_time, updated_time)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (owner_id, leaf_user_id, kind, identity) DO UPDATE SET
  name = CASE WHEN assets.name = '' THEN excluded.name ELSE assets.name END,
  brand = CASE WHEN assets.brand = '' THEN excluded.brand ELSE assets.brand END,
  updated_time = CASE WHEN (assets.name = '' AND excluded.name <> '') OR (assets.brand = '' AND excluded.brand <> '')
                      THEN excluded.updated_time ELSE assets.updated_time END
)sql")
        .bind(1, new_uuid())
        .bind(2, owner_id)
        .bind(3, leaf_user_id)
        .bind(4, input.kind)
        .bind(5, identity)
        .bind(6, trim(input.source_id))
        .bind(7, trim(input.name))
        .bind(8, trim(input.serial_number))
        .bind(9, trim(input.brand))
        .bind(10, input.provider)
        .bind(11, now)
        .bind(12, now)
        .run();
    auto s = m_db->prepare("SELECT id FROM assets WHERE owner_id = ? AND leaf_user_id = ? AND kind = ? AND identity = ?");
    s.bind(1, owner_id).bind(2, leaf_user_id).bind(3, input.kind).bind(4, identity);
    s.step();
    return s.text(0);
}

std::vector<AssetLink> SqlSession::upsert_file_assets(const std::string& file_id, const std::string& owner_id,
                                                         const std::string& leaf_user_id,
                                                         const std::vector<AssetInput>& inputs) {
    std::vector<AssetLink> links;
    transaction([&] {
        m_db->prepare("DELETE FROM file_assets WHERE file_id = ?").bind(1, file_id).run();
        const TimeMs now = now_ms();
        int position = 0;
        for (const auto& input : inputs) {
            const std::string identity = asset_identity(input);
            if (identity.empty()) continue;
            const std::string id = upsert_asset(owner_id, leaf_user_id, input, identity, now);
            links.push_back({id, input.kind, trim(input.source_id), trim(input.name), trim(input.serial_number)});
            m_db->prepare("INSERT INTO file_assets (file_id, asset_id, kind, position) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (file_id, asset_id) DO NOTHING")
                .bind(1, file_id)
                .bind(2, id)
                .bind(3, input.kind)
                .bind(4, position++)
                .run();
        }
    });
    return links;
}

std::vector<std::string> SqlSession::file_asset_ids(const std::string& file_id, const std::string& kind) {
    auto s = m_db->prepare("SELECT asset_id FROM file_assets WHERE file_id = ? AND kind = ? ORDER BY position");
    s.bind(1, file_id).bind(2, kind);
    std::vector<std::string> ids;
    while (s.step()) ids.push_back(s.text(0));
    return ids;
}

std::optional<Asset> SqlSession::find_asset(const std::string& owner_id, const std::string& kind,
                                               const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM assets WHERE id = ? AND owner_id = ? AND kind = ?", asset_columns));
    s.bind(1, id).bind(2, owner_id).bind(3, kind);
    if (!s.step()) return std::nullopt;
    return read_asset(s);
}

Page<Asset> SqlSession::list_assets(const std::string& owner_id, const std::string& kind, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id",       "leaf_user_id", "kind",         "name",        "serial_number",
                                                  "brand",    "provider",     "source_id",    "created_time", "updated_time"};
    ListQuery scoped = query;
    scoped.filters.insert(scoped.filters.begin(), Filter{"kind", Op::eq, kind});
    const auto sql = detail::build_list_sql(m_db->dialect(), "assets", asset_columns, owner_id, scoped, allowed, "created_time");
    return detail::run_list<Asset>(*m_db, m_owner.counts(), sql, scoped, read_asset);
}

} // namespace furrow::store::sql
