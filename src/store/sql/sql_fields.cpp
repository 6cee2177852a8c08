// Fields and field boundaries (migration 5). A field's boundaries are its history: inserting one
// retires the previous ACTIVE boundary in the same transaction, so a field never has two.
#include "core/error.hpp"
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

namespace furrow::store::sql {
namespace {

constexpr std::string_view field_columns =
    "id, owner_id, leaf_user_id, name, type, status, farm_id, document, created_time, updated_time";

Field read_field(const Statement& s) {
    Field f;
    f.id = s.text(0);
    f.owner_id = s.text(1);
    f.leaf_user_id = s.text(2);
    f.name = s.text(3);
    f.type = s.text(4);
    f.status = s.text(5);
    f.farm_id = s.optional_integer(6);
    f.document = nlohmann::json::parse(s.text(7), nullptr, false);
    if (!f.document.is_object()) f.document = nlohmann::json::object();
    f.created_time = s.integer(8);
    f.updated_time = s.integer(9);
    return f;
}

// The provider a field came from, for the `provider` filter: providerName of the document.
std::string provider_of(const Field& f) {
    const auto it = f.document.find("providerName");
    return it != f.document.end() && it->is_string() ? it->get<std::string>() : std::string();
}

constexpr std::string_view boundary_columns =
    "id, field_id, owner_id, leaf_user_id, status, geometry, area_ha, created_time, updated_time, fix_status";

FieldBoundary read_boundary(const Statement& s) {
    FieldBoundary b;
    b.id = s.text(0);
    b.field_id = s.text(1);
    b.owner_id = s.text(2);
    b.leaf_user_id = s.text(3);
    b.status = s.text(4);
    b.geometry = s.text(5);
    b.area_ha = s.real(6);
    b.created_time = s.integer(7);
    b.updated_time = s.integer(8);
    b.fix_status = s.text(9);
    return b;
}

std::vector<FieldBoundary> read_boundaries(Statement& s) {
    std::vector<FieldBoundary> out;
    while (s.step()) out.push_back(read_boundary(s));
    return out;
}

} // namespace

std::vector<std::string> SqlSession::field_boundary_ids(const std::string& owner_id, const std::string& field_id) {
    // rowid breaks ties between boundaries made in the same millisecond: insertion order.
    auto s = m_db->prepare("SELECT id FROM field_boundaries WHERE owner_id = ? AND field_id = ? "
                           "ORDER BY created_time, rowid");
    s.bind(1, owner_id).bind(2, field_id);
    std::vector<std::string> ids;
    while (s.step()) ids.push_back(s.text(0));
    return ids;
}

void SqlSession::insert_field(const Field& f) {
    transaction([&] {
        auto exists = m_db->prepare("SELECT 1 FROM fields WHERE owner_id = ? AND id = ?");
        exists.bind(1, f.owner_id).bind(2, f.id);
        if (exists.step()) throw Error(ErrorCode::conflict, fmt::format("a field with id '{}' already exists", f.id));
        m_db->prepare(fmt::format("INSERT INTO fields ({}, provider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  field_columns))
            .bind(1, f.id)
            .bind(2, f.owner_id)
            .bind(3, f.leaf_user_id)
            .bind(4, f.name)
            .bind(5, f.type)
            .bind(6, f.status)
            .bind(7, f.farm_id)
            .bind(8, f.document.dump())
            .bind(9, f.created_time)
            .bind(10, f.updated_time)
            .bind(11, provider_of(f))
            .run();
    });
}

bool SqlSession::update_field(const Field& f) {
    auto s = m_db->prepare("UPDATE fields SET name = ?, type = ?, status = ?, farm_id = ?, document = ?, provider = ?, "
                           "updated_time = ? WHERE owner_id = ? AND leaf_user_id = ? AND id = ?");
    s.bind(1, f.name)
        .bind(2, f.type)
        .bind(3, f.status)
        .bind(4, f.farm_id)
        .bind(5, f.document.dump())
        .bind(6, provider_of(f))
        .bind(7, f.updated_time)
        .bind(8, f.owner_id)
        .bind(9, f.leaf_user_id)
        .bind(10, f.id)
        .run();
    return s.changes() > 0;
}

bool SqlSession::delete_field(const std::string& owner_id, const std::string& leaf_user_id, const std::string& id) {
    bool deleted = false;
    transaction([&] {
        auto s = m_db->prepare("DELETE FROM fields WHERE owner_id = ? AND leaf_user_id = ? AND id = ?");
        s.bind(1, owner_id).bind(2, leaf_user_id).bind(3, id).run();
        deleted = s.changes() > 0;
        if (deleted)
            m_db->prepare("DELETE FROM field_boundaries WHERE owner_id = ? AND field_id = ?")
                .bind(1, owner_id)
                .bind(2, id)
                .run();
    });
    return deleted;
}

void SqlSession::delete_user_fields(const std::string& owner_id, const std::string& leaf_user_id) {
    for (const char* table : {"field_boundaries", "fields", "farms", "growers"})
        m_db->prepare(fmt::format("DELETE FROM {} WHERE owner_id = ? AND leaf_user_id = ?", table))
            .bind(1, owner_id)
            .bind(2, leaf_user_id)
            .run();
}

std::optional<Field> SqlSession::find_field(const std::string& owner_id, const std::string& leaf_user_id,
                                               const std::string& id) {
    auto s = m_db->prepare(
        fmt::format("SELECT {} FROM fields WHERE owner_id = ? AND leaf_user_id = ? AND id = ?", field_columns));
    s.bind(1, owner_id).bind(2, leaf_user_id).bind(3, id);
    if (!s.step()) return std::nullopt;
    auto field = read_field(s);
    field.boundary_ids = field_boundary_ids(owner_id, field.id);
    return field;
}

std::optional<Field> SqlSession::find_field_any_user(const std::string& owner_id, const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM fields WHERE owner_id = ? AND id = ?", field_columns));
    s.bind(1, owner_id).bind(2, id);
    if (!s.step()) return std::nullopt;
    auto field = read_field(s);
    field.boundary_ids = field_boundary_ids(owner_id, field.id);
    return field;
}

Page<Field> SqlSession::list_fields(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id",       "leaf_user_id", "name",         "type",        "status",
                                                  "farm_id",  "provider",     "created_time", "updated_time"};
    const auto sql = detail::build_list_sql(m_db->dialect(), "fields", field_columns, owner_id, query, allowed, "created_time");
    auto page = detail::run_list<Field>(*m_db, m_owner.counts(), sql, query, read_field);
    for (auto& field : page.items) field.boundary_ids = field_boundary_ids(owner_id, field.id);
    return page;
}

void SqlSession::insert_boundary(const FieldBoundary& b) {
    transaction([&] {
        m_db->prepare("UPDATE field_boundaries SET status = ?, updated_time = ? "
                      "WHERE owner_id = ? AND field_id = ? AND status = ?")
            .bind(1, boundary_inactive)
            .bind(2, b.created_time)
            .bind(3, b.owner_id)
            .bind(4, b.field_id)
            .bind(5, boundary_active)
            .run();
        m_db->prepare(fmt::format("INSERT INTO field_boundaries ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  boundary_columns))
            .bind(1, b.id)
            .bind(2, b.field_id)
            .bind(3, b.owner_id)
            .bind(4, b.leaf_user_id)
            .bind(5, boundary_active)
            .bind(6, b.geometry)
            .bind(7, b.area_ha)
            .bind(8, b.created_time)
            .bind(9, b.updated_time)
            .bind(10, b.fix_status)
            .run();
    });
}

std::optional<FieldBoundary> SqlSession::find_boundary(const std::string& owner_id, const std::string& field_id,
                                                          const std::string& boundary_id) {
    auto s = m_db->prepare(fmt::format(
        "SELECT {} FROM field_boundaries WHERE owner_id = ? AND field_id = ? AND id = ?", boundary_columns));
    s.bind(1, owner_id).bind(2, field_id).bind(3, boundary_id);
    if (!s.step()) return std::nullopt;
    return read_boundary(s);
}

std::vector<FieldBoundary> SqlSession::field_boundaries(const std::string& owner_id, const std::string& field_id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM field_boundaries WHERE owner_id = ? AND field_id = ? "
                                       "ORDER BY created_time, rowid",
                                       boundary_columns));
    s.bind(1, owner_id).bind(2, field_id);
    return read_boundaries(s);
}

std::vector<FieldBoundary> SqlSession::active_boundaries(const std::string& owner_id,
                                                            const std::string& leaf_user_id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM field_boundaries WHERE owner_id = ? AND leaf_user_id = ? "
                                       "AND status = ? ORDER BY created_time, rowid",
                                       boundary_columns));
    s.bind(1, owner_id).bind(2, leaf_user_id).bind(3, boundary_active);
    return read_boundaries(s);
}

std::vector<FieldBoundary> SqlSession::owner_active_boundaries(const std::string& owner_id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM field_boundaries WHERE owner_id = ? AND status = ? "
                                       "ORDER BY created_time, rowid",
                                       boundary_columns));
    s.bind(1, owner_id).bind(2, boundary_active);
    return read_boundaries(s);
}

} // namespace furrow::store::sql
