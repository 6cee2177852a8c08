#include "core/error.hpp"
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

namespace furrow::store::sql {
namespace {

constexpr std::string_view owner_columns = "id, username, password_hash, created_time, token_generation";

Owner read_owner(const Statement& s) {
    return Owner{s.text(0), s.text(1), s.text(2), s.integer(3), s.integer(4)};
}

constexpr std::string_view user_columns = "id, owner_id, document, created_time, updated_time";

LeafUser read_user(const Statement& s) {
    LeafUser user;
    user.id = s.text(0);
    user.owner_id = s.text(1);
    user.document = nlohmann::json::parse(s.text(2), nullptr, false);
    if (user.document.is_discarded()) user.document = nlohmann::json::object();
    user.created_time = s.integer(3);
    user.updated_time = s.integer(4);
    return user;
}

std::string document_string(const LeafUser& user, const char* key) {
    const auto it = user.document.find(key);
    return it != user.document.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

void SqlSession::insert_owner(const Owner& owner) {
    if (find_owner_by_username(owner.username))
        throw Error(ErrorCode::conflict, fmt::format("owner '{}' already exists", owner.username));
    m_db->prepare("INSERT INTO owners (id, username, password_hash, created_time) VALUES (?, ?, ?, ?)")
        .bind(1, owner.id)
        .bind(2, owner.username)
        .bind(3, owner.password_hash)
        .bind(4, owner.created_time)
        .run();
}

std::optional<Owner> SqlSession::find_owner(const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM owners WHERE id = ?", owner_columns));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_owner(s);
}

std::optional<Owner> SqlSession::find_owner_by_username(const std::string& username) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM owners WHERE username = ?", owner_columns));
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return read_owner(s);
}

std::optional<std::int64_t> SqlSession::owner_token_generation(const std::string& id) {
    auto s = m_db->prepare("SELECT token_generation FROM owners WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return s.integer(0);
}

std::int64_t SqlSession::revoke_owner_tokens(const std::string& id, const std::optional<std::string>& password_hash) {
    // One statement: the increment happens in the database, so two nodes revoking at once both
    // move the generation on (no read-modify-write race), and the new hash goes with it.
    auto s = password_hash
                 ? m_db->prepare("UPDATE owners SET token_generation = token_generation + 1, password_hash = ? "
                                 "WHERE id = ? RETURNING token_generation")
                 : m_db->prepare("UPDATE owners SET token_generation = token_generation + 1 WHERE id = ? "
                                 "RETURNING token_generation");
    int position = 1;
    if (password_hash) s.bind(position++, *password_hash);
    s.bind(position, id);
    if (!s.step()) throw Error(ErrorCode::not_found, "owner: no such owner");
    const auto generation = s.integer(0);
    while (s.step()) {
    }
    return generation;
}

void SqlSession::insert_user(const LeafUser& user) {
    m_db->prepare("INSERT INTO leaf_users (id, owner_id, name, email, external_id, document, created_time, "
                  "updated_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, user.id)
        .bind(2, user.owner_id)
        .bind(3, document_string(user, "name"))
        .bind(4, document_string(user, "email"))
        .bind(5, document_string(user, "externalId"))
        .bind(6, user.document.dump())
        .bind(7, user.created_time)
        .bind(8, user.updated_time)
        .run();
}

bool SqlSession::update_user(const LeafUser& user) {
    auto s = m_db->prepare("UPDATE leaf_users SET name = ?, email = ?, external_id = ?, document = ?, "
                           "updated_time = ? WHERE id = ? AND owner_id = ?");
    s.bind(1, document_string(user, "name"))
        .bind(2, document_string(user, "email"))
        .bind(3, document_string(user, "externalId"))
        .bind(4, user.document.dump())
        .bind(5, user.updated_time)
        .bind(6, user.id)
        .bind(7, user.owner_id)
        .run();
    return s.changes() > 0;
}

bool SqlSession::delete_user(const std::string& owner_id, const std::string& id) {
    bool deleted = false;
    transaction([&] {
        auto s = m_db->prepare("DELETE FROM leaf_users WHERE id = ? AND owner_id = ?");
        s.bind(1, id).bind(2, owner_id).run();
        deleted = s.changes() > 0;
        if (!deleted) return;
        delete_config(owner_id, id); // the user's configuration and fields go with the user
        delete_user_fields(owner_id, id);
    });
    return deleted;
}

std::optional<LeafUser> SqlSession::find_user(const std::string& owner_id, const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM leaf_users WHERE id = ? AND owner_id = ?", user_columns));
    s.bind(1, id).bind(2, owner_id);
    if (!s.step()) return std::nullopt;
    return read_user(s);
}

std::optional<LeafUser> SqlSession::find_user_any_owner(const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM leaf_users WHERE id = ?", user_columns));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_user(s);
}

Page<LeafUser> SqlSession::list_users(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id", "name", "email", "external_id", "created_time",
                                                  "updated_time"};
    const auto sql = detail::build_list_sql(m_db->dialect(), "leaf_users", user_columns, owner_id, query, allowed, "created_time");
    auto page = detail::run_list<LeafUser>(*m_db, m_owner.counts(), sql, query, read_user);
    return page;
}

} // namespace furrow::store::sql
