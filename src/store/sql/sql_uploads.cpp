// Boundary uploads and their entries (migration 12). An upload's entries are written together with
// its final status (pipeline/field_upload/upload_fields.cpp), so a reader sees none or all of them.
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

namespace furrow::store::sql {
namespace {

constexpr std::string_view upload_columns =
    "id, owner_id, leaf_user_id, file_name, farm_id, status, status_details, blob_key, created_time, processed_time";

BoundaryUpload read_upload(const Statement& s) {
    BoundaryUpload u;
    u.id = s.text(0);
    u.owner_id = s.text(1);
    u.leaf_user_id = s.text(2);
    u.file_name = s.text(3);
    u.farm_id = s.optional_integer(4);
    u.status = s.text(5);
    u.status_details = s.text(6);
    u.blob_key = s.text(7);
    u.created_time = s.integer(8);
    u.processed_time = s.optional_integer(9);
    return u;
}

constexpr std::string_view entry_columns = "id, upload_id, owner_id, leaf_user_id, file_name, converter_format, "
                                           "status, field_ids, errors, position, created_time, processed_time";

BoundaryUploadEntry read_entry(const Statement& s) {
    BoundaryUploadEntry e;
    e.id = s.text(0);
    e.upload_id = s.text(1);
    e.owner_id = s.text(2);
    e.leaf_user_id = s.text(3);
    e.file_name = s.text(4);
    e.converter_format = s.text(5);
    e.status = s.text(6);
    e.field_ids = detail::string_list(s.text(7));
    e.errors = detail::string_list(s.text(8));
    e.position = static_cast<int>(s.integer(9));
    e.created_time = s.integer(10);
    e.processed_time = s.optional_integer(11);
    return e;
}

} // namespace

void SqlSession::insert_boundary_upload(const BoundaryUpload& u) {
    m_db->prepare(fmt::format("INSERT INTO boundary_uploads ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", upload_columns))
        .bind(1, u.id)
        .bind(2, u.owner_id)
        .bind(3, u.leaf_user_id)
        .bind(4, u.file_name)
        .bind(5, u.farm_id)
        .bind(6, u.status)
        .bind(7, u.status_details)
        .bind(8, u.blob_key)
        .bind(9, u.created_time)
        .bind(10, u.processed_time)
        .run();
}

std::optional<BoundaryUpload> SqlSession::find_boundary_upload(const std::string& owner_id, const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM boundary_uploads WHERE owner_id = ? AND id = ?", upload_columns));
    s.bind(1, owner_id).bind(2, id);
    if (!s.step()) return std::nullopt;
    return read_upload(s);
}

std::optional<BoundaryUpload> SqlSession::find_boundary_upload_any_owner(const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM boundary_uploads WHERE id = ?", upload_columns));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_upload(s);
}

Page<BoundaryUpload> SqlSession::list_boundary_uploads(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id",     "leaf_user_id", "file_name",   "farm_id",
                                                  "status", "created_time", "processed_time"};
    const auto sql = detail::build_list_sql(m_db->dialect(), "boundary_uploads", upload_columns, owner_id, query,
                                            allowed, "created_time");
    return detail::run_list<BoundaryUpload>(*m_db, m_owner.counts(), sql, query, read_upload);
}

void SqlSession::finish_boundary_upload(const BoundaryUpload& u, const std::vector<BoundaryUploadEntry>& entries) {
    transaction([&] {
        m_db->prepare("DELETE FROM boundary_upload_entries WHERE upload_id = ?").bind(1, u.id).run();
        for (const auto& e : entries)
            m_db->prepare(fmt::format("INSERT INTO boundary_upload_entries ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      entry_columns))
                .bind(1, e.id)
                .bind(2, e.upload_id)
                .bind(3, e.owner_id)
                .bind(4, e.leaf_user_id)
                .bind(5, e.file_name)
                .bind(6, e.converter_format)
                .bind(7, e.status)
                .bind(8, nlohmann::json(e.field_ids).dump())
                .bind(9, nlohmann::json(e.errors).dump())
                .bind(10, e.position)
                .bind(11, e.created_time)
                .bind(12, e.processed_time)
                .run();
        m_db->prepare("UPDATE boundary_uploads SET status = ?, status_details = ?, processed_time = ? WHERE id = ?")
            .bind(1, u.status)
            .bind(2, u.status_details)
            .bind(3, u.processed_time)
            .bind(4, u.id)
            .run();
    });
}

std::vector<BoundaryUploadEntry> SqlSession::boundary_upload_entries(const std::string& owner_id,
                                                                     const std::string& upload_id) {
    auto s = m_db->prepare(fmt::format(
        "SELECT {} FROM boundary_upload_entries WHERE owner_id = ? AND upload_id = ? ORDER BY position", entry_columns));
    s.bind(1, owner_id).bind(2, upload_id);
    std::vector<BoundaryUploadEntry> out;
    while (s.step()) out.push_back(read_entry(s));
    return out;
}

} // namespace furrow::store::sql
