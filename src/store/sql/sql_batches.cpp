#include "core/error.hpp"
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

namespace furrow::store::sql {
namespace {

constexpr std::string_view batch_columns = "id, owner_id, leaf_user_id, file_name, size, provider, file_format_hint, "
                                           "status, status_details, blob_key, upload_time, processed_time, time_zone";

Batch read_batch(const Statement& s) {
    Batch b;
    b.id = s.text(0);
    b.owner_id = s.text(1);
    b.leaf_user_id = s.text(2);
    b.file_name = s.text(3);
    b.size = s.integer(4);
    b.provider = s.text(5);
    b.file_format_hint = s.text(6);
    b.status = stored_value(batch_status_table, "batches.status", s.text(7));
    b.status_details = s.text(8);
    b.blob_key = s.text(9);
    b.upload_time = s.integer(10);
    b.processed_time = s.optional_integer(11);
    b.time_zone = s.text(12);
    return b;
}

} // namespace

void SqlSession::fill_batch_files(Batch& batch) {
    auto s = m_db->prepare("SELECT id, duplicate_of FROM files WHERE batch_id = ? ORDER BY created_time, id");
    s.bind(1, batch.id);
    batch.file_ids.clear();
    batch.duplicates.clear();
    while (s.step()) {
        batch.file_ids.push_back(s.text(0));
        if (auto original = s.text(1); !original.empty()) batch.duplicates.emplace_back(s.text(0), std::move(original));
    }
}

void SqlSession::insert_batch(const Batch& b) {
    m_db->prepare(fmt::format("INSERT INTO batches ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch_columns))
        .bind(1, b.id)
        .bind(2, b.owner_id)
        .bind(3, b.leaf_user_id)
        .bind(4, b.file_name)
        .bind(5, b.size)
        .bind(6, b.provider)
        .bind(7, b.file_format_hint)
        .bind(8, to_string(b.status))
        .bind(9, b.status_details)
        .bind(10, b.blob_key)
        .bind(11, b.upload_time)
        .bind(12, b.processed_time)
        .bind(13, b.time_zone)
        .run();
}

std::optional<Batch> SqlSession::find_batch(const std::string& owner_id, const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM batches WHERE id = ? AND owner_id = ?", batch_columns));
    s.bind(1, id).bind(2, owner_id);
    if (!s.step()) return std::nullopt;
    auto batch = read_batch(s);
    fill_batch_files(batch);
    return batch;
}

std::optional<Batch> SqlSession::find_batch_any_owner(const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM batches WHERE id = ?", batch_columns));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    auto batch = read_batch(s);
    fill_batch_files(batch);
    return batch;
}

Page<Batch> SqlSession::list_batches(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id",       "leaf_user_id", "file_name",   "size",
                                                  "provider", "status",       "upload_time", "processed_time"};
    const auto sql = detail::build_list_sql(m_db->dialect(), "batches", batch_columns, owner_id, query, allowed, "upload_time");
    auto page = detail::run_list<Batch>(*m_db, m_owner.counts(), sql, query, read_batch);
    for (auto& batch : page.items) fill_batch_files(batch);
    return page;
}

void SqlSession::set_batch_status(const std::string& id, BatchStatus status, const std::string& details,
                                     std::optional<TimeMs> processed_time) {
    m_db->prepare("UPDATE batches SET status = ?, status_details = ?, processed_time = ? WHERE id = ?")
        .bind(1, to_string(status))
        .bind(2, details)
        .bind(3, processed_time)
        .bind(4, id)
        .run();
}

} // namespace furrow::store::sql
