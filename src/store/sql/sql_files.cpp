#include "core/error.hpp"
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace furrow::store::sql {
namespace {

constexpr std::string_view file_columns =
    "id, owner_id, leaf_user_id, batch_id, dataset_key, format_id, file_format, provider, file_name, origin, "
    "status, status_message, entries, size_in_bytes, organization_id, provider_file_id, original_blob_key, "
    "operation_type, start_time, end_time, area_m2, has_standard, created_time, updated_time, crops, summary, units, "
    "raw_blob_key, standard_blob_key, dataset_part, dataset_marker, artifacts, sources, crop_boundaries, content_hash, duplicate_of";

// "?, ?, ..." with one placeholder per column of file_columns.
std::string placeholders() {
    const auto columns = 1 + std::count(file_columns.begin(), file_columns.end(), ',');
    std::string out = "?";
    for (std::ptrdiff_t column_idx = 1; column_idx < columns; ++column_idx) out += ", ?";
    return out;
}

using detail::string_list;

MachineFile read_file(const Statement& s) {
    MachineFile f;
    f.id = s.text(0);
    f.owner_id = s.text(1);
    f.leaf_user_id = s.text(2);
    f.batch_id = s.text(3);
    f.dataset_key = s.text(4);
    f.format_id = s.text(5);
    f.file_format = s.text(6);
    f.provider = s.text(7);
    f.file_name = s.text(8);
    f.origin = stored_value(file_origin_table, "files.origin", s.text(9));
    f.status = stored_value(file_status_table, "files.status", s.text(10));
    f.status_message = s.text(11);
    f.entries = string_list(s.text(12));
    f.size_in_bytes = s.integer(13);
    f.organization_id = s.text(14);
    f.provider_file_id = s.text(15);
    f.original_blob_key = s.text(16);
    f.operation_type = schema::operation_type_from(s.text(17));
    f.start_time = s.optional_integer(18);
    f.end_time = s.optional_integer(19);
    f.area_m2 = s.optional_real(20);
    f.has_standard = s.integer(21) != 0;
    f.created_time = s.integer(22);
    f.updated_time = s.integer(23);
    f.crops = string_list(s.text(24));
    f.summary = s.text(25);
    f.units = s.text(26);
    f.raw_blob_key = s.text(27);
    f.standard_blob_key = s.text(28);
    f.dataset_part = s.text(29);
    f.dataset_marker = s.text(30);
    f.artifacts = nlohmann::json::parse(s.text(31), nullptr, false);
    if (!f.artifacts.is_object()) f.artifacts = nlohmann::json::object();
    f.sources = string_list(s.text(32));
    f.crop_boundaries = string_list(s.text(33));
    f.content_hash = s.text(34);
    f.duplicate_of = s.text(35);
    return f;
}

} // namespace

namespace detail {

std::vector<std::string> string_list(const std::string& text) {
    std::vector<std::string> out;
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_array())
        for (const auto& item : json)
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

} // namespace detail

std::string SqlSession::insert_file_once(const MachineFile& f) {
    if (!f.batch_id.empty()) {
        auto existing = m_db->prepare("SELECT id FROM files WHERE batch_id = ? AND dataset_key = ?");
        existing.bind(1, f.batch_id).bind(2, f.dataset_key);
        if (existing.step()) return existing.text(0);
    }
    auto s = m_db->prepare(fmt::format("INSERT INTO files ({}) VALUES ({})", file_columns, placeholders()));
    nlohmann::json entries = f.entries;
    s.bind(1, f.id).bind(2, f.owner_id).bind(3, f.leaf_user_id);
    if (f.batch_id.empty()) s.bind(4, std::optional<std::int64_t>());
    else s.bind(4, f.batch_id);
    s.bind(5, f.dataset_key)
        .bind(6, f.format_id)
        .bind(7, f.file_format)
        .bind(8, f.provider)
        .bind(9, f.file_name)
        .bind(10, to_string(f.origin))
        .bind(11, to_string(f.status))
        .bind(12, f.status_message)
        .bind(13, entries.dump())
        .bind(14, f.size_in_bytes)
        .bind(15, f.organization_id)
        .bind(16, f.provider_file_id)
        .bind(17, f.original_blob_key)
        .bind(18, schema::to_string(f.operation_type))
        .bind(19, f.start_time)
        .bind(20, f.end_time)
        .bind(21, f.area_m2)
        .bind(22, f.has_standard)
        .bind(23, f.created_time)
        .bind(24, f.updated_time)
        .bind(25, nlohmann::json(f.crops).dump())
        .bind(26, f.summary)
        .bind(27, f.units)
        .bind(28, f.raw_blob_key)
        .bind(29, f.standard_blob_key)
        .bind(30, f.dataset_part)
        .bind(31, f.dataset_marker)
        .bind(32, f.artifacts.dump())
        .bind(33, nlohmann::json(f.sources).dump())
        .bind(34, nlohmann::json(f.crop_boundaries).dump())
        .bind(35, f.content_hash)
        .bind(36, f.duplicate_of)
        .run();
    return f.id;
}

std::optional<MachineFile> SqlSession::find_original_upload(const std::string& owner_id, const std::string& leaf_user_id,
                                                            const std::string& content_hash) {
    // Two workers unpacking the same content at once (PostgreSQL: concurrent transactions) would both
    // find no original and both insert one: the check and the caller's insert hold a lock on the key.
    if (const auto lock = m_db->dialect().lock_key; !lock.empty()) {
        m_db->prepare(lock).bind(1, fmt::format("content {} {} {}", owner_id, leaf_user_id, content_hash)).run();
    }
    // The first upload of this content that is not itself a duplicate and did not fail.
    auto s = m_db->prepare(fmt::format("SELECT {} FROM files WHERE owner_id = ? AND leaf_user_id = ? AND "
                                       "content_hash = ? AND duplicate_of = '' AND status <> ? "
                                       "ORDER BY created_time, id LIMIT 1",
                                       file_columns));
    s.bind(1, owner_id).bind(2, leaf_user_id).bind(3, content_hash).bind(4, to_string(FileStatus::failed));
    if (!s.step()) return std::nullopt;
    return read_file(s);
}

std::optional<MachineFile> SqlSession::find_file(const std::string& owner_id, const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM files WHERE id = ? AND owner_id = ?", file_columns));
    s.bind(1, id).bind(2, owner_id);
    if (!s.step()) return std::nullopt;
    return read_file(s);
}

std::optional<MachineFile> SqlSession::find_file_any_owner(const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM files WHERE id = ?", file_columns));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_file(s);
}

Page<MachineFile> SqlSession::list_files(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {
        "id",           "leaf_user_id", "batch_id",   "provider",         "file_format",    "file_name",
        "origin",       "status",       "size_in_bytes", "organization_id", "provider_file_id", "operation_type",
        "start_time",   "end_time",     "area_m2",    "has_standard",     "created_time",   "updated_time"};
    const auto sql = detail::build_list_sql(m_db->dialect(), "files", file_columns, owner_id, query, allowed, "created_time");
    return detail::run_list<MachineFile>(*m_db, m_owner.counts(), sql, query, read_file);
}

std::vector<MachineFile> SqlSession::batch_files(const std::string& batch_id) {
    return detail::select_rows<MachineFile>(
        *m_db, fmt::format("SELECT {} FROM files WHERE batch_id = ? ORDER BY created_time, id", file_columns), {batch_id},
        read_file);
}

void SqlSession::set_file_status(const std::string& id, FileStatus status, const std::string& message) {
    m_db->prepare("UPDATE files SET status = ?, status_message = ?, updated_time = ? WHERE id = ?")
        .bind(1, to_string(status))
        .bind(2, message)
        .bind(3, now_ms())
        .bind(4, id)
        .run();
}

void SqlSession::set_file_original(const std::string& id, const std::string& blob_key) {
    m_db->prepare("UPDATE files SET original_blob_key = ?, updated_time = ? WHERE id = ?")
        .bind(1, blob_key)
        .bind(2, now_ms())
        .bind(3, id)
        .run();
}

void SqlSession::set_file_outputs(const std::string& id, const FileOutputs& o) {
    m_db->prepare("UPDATE files SET operation_type = ?, start_time = ?, end_time = ?, area_m2 = ?, crops = ?, "
                  "summary = ?, units = ?, raw_blob_key = ?, standard_blob_key = ?, has_standard = ?, "
                  "artifacts = ?, updated_time = ? WHERE id = ?")
        .bind(1, schema::to_string(o.operation_type))
        .bind(2, o.start_time)
        .bind(3, o.end_time)
        .bind(4, o.area_m2)
        .bind(5, nlohmann::json(o.crops).dump())
        .bind(6, o.summary)
        .bind(7, o.units)
        .bind(8, o.raw_blob_key)
        .bind(9, o.standard_blob_key)
        .bind(10, !o.standard_blob_key.empty())
        .bind(11, o.artifacts.dump())
        .bind(12, now_ms())
        .bind(13, id)
        .run();
}

std::vector<MachineFile> SqlSession::user_files(const std::string& owner_id, const std::string& leaf_user_id) {
    return detail::select_rows<MachineFile>(
        *m_db,
        fmt::format("SELECT {} FROM files WHERE owner_id = ? AND leaf_user_id = ? ORDER BY created_time, id", file_columns),
        {owner_id, leaf_user_id}, read_file);
}

void SqlSession::reset_derived_file(const std::string& id, const std::vector<std::string>& sources,
                                       const std::vector<std::string>& crop_boundaries) {
    m_db->prepare("UPDATE files SET sources = ?, crop_boundaries = ?, status = ?, status_message = '', "
                  "updated_time = ? WHERE id = ?")
        .bind(1, nlohmann::json(sources).dump())
        .bind(2, nlohmann::json(crop_boundaries).dump())
        .bind(3, to_string(FileStatus::processing))
        .bind(4, now_ms())
        .bind(5, id)
        .run();
}

void SqlSession::put_step(const std::string& file_id, const FileStep& step) {
    m_db->prepare("INSERT INTO file_steps (file_id, step, status, message, position) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (file_id, step) DO UPDATE SET status = excluded.status, message = excluded.message, "
                  "position = excluded.position")
        .bind(1, file_id)
        .bind(2, step.step)
        .bind(3, to_string(step.status))
        .bind(4, step.message)
        .bind(5, step.position)
        .run();
}

void SqlSession::clear_steps(const std::string& file_id) {
    m_db->prepare("DELETE FROM file_steps WHERE file_id = ?").bind(1, file_id).run();
}

std::vector<FileStep> SqlSession::steps(const std::string& file_id) {
    auto s = m_db->prepare("SELECT step, status, message, position FROM file_steps WHERE file_id = ? ORDER BY position");
    s.bind(1, file_id);
    std::vector<FileStep> out;
    while (s.step()) out.push_back(FileStep{s.text(0), stored_value(step_status_table, "file_steps.status", s.text(1)), s.text(2),
                                      static_cast<int>(s.integer(3))});
    return out;
}

} // namespace furrow::store::sql
