// Field operations and file-to-field matches (store/records.hpp Operation, FileMatch).
#include "store/sql/sql_session.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace furrow::store::sql {
namespace {

using detail::string_list;

constexpr std::string_view operation_columns =
    "id, owner_id, leaf_user_id, type, crop, provider, field_id, file_ids, fields, field_ids, providers, "
    "crop_boundaries, cropped_by_request, start_time, end_time, result_file_id, created_time, updated_time";

nlohmann::json json_or(const std::string& text, nlohmann::json fallback) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    return json.is_discarded() ? fallback : json;
}

Operation read_operation(const Statement& s) {
    Operation op;
    op.id = s.text(0);
    op.owner_id = s.text(1);
    op.leaf_user_id = s.text(2);
    op.type = stored_value(schema::operation_type_table, "operations.type", s.text(3));
    op.crop = s.text(4);
    op.provider = s.text(5);
    op.field_id = s.text(6);
    op.file_ids = string_list(s.text(7));
    op.fields = json_or(s.text(8), nlohmann::json::array());
    op.providers = string_list(s.text(10));
    op.crop_boundaries = string_list(s.text(11));
    op.cropped_by_request = s.integer(12) != 0;
    op.start_time = s.optional_integer(13);
    op.end_time = s.optional_integer(14);
    op.result_file_id = s.text(15);
    op.created_time = s.integer(16);
    op.updated_time = s.integer(17);
    return op;
}

constexpr std::string_view match_columns =
    "id, owner_id, leaf_user_id, boundaries_signature, total_points, fields, outside_points, outside_blob_key, "
    "matched_time";

FileMatch read_match(const Statement& s) {
    FileMatch m;
    m.file_id = s.text(0);
    m.owner_id = s.text(1);
    m.leaf_user_id = s.text(2);
    m.boundaries_signature = s.text(3);
    m.total_points = s.integer(4);
    m.fields = json_or(s.text(5), nlohmann::json::array());
    m.outside_points = s.integer(6);
    m.outside_blob_key = s.text(7);
    m.matched_time = s.integer(8);
    return m;
}

} // namespace

void SqlSession::put_operation(const Operation& op) {
    // field_ids: the ids of `fields`, so the fieldId filter is a plain JSON-array lookup.
    auto field_ids = nlohmann::json::array();
    for (const auto& field : op.fields) field_ids.push_back(field.value("id", ""));
    m_db->prepare(detail::upsert_by_id_sql("operations", operation_columns))
        .bind(1, op.id)
        .bind(2, op.owner_id)
        .bind(3, op.leaf_user_id)
        .bind(4, schema::to_string(op.type))
        .bind(5, op.crop)
        .bind(6, op.provider)
        .bind(7, op.field_id)
        .bind(8, nlohmann::json(op.file_ids).dump())
        .bind(9, op.fields.dump())
        .bind(10, field_ids.dump())
        .bind(11, nlohmann::json(op.providers).dump())
        .bind(12, nlohmann::json(op.crop_boundaries).dump())
        .bind(13, op.cropped_by_request)
        .bind(14, op.start_time)
        .bind(15, op.end_time)
        .bind(16, op.result_file_id)
        .bind(17, op.created_time)
        .bind(18, op.updated_time)
        .run();
}

bool SqlSession::delete_operation(const std::string& owner_id, const std::string& id) {
    auto s = m_db->prepare("DELETE FROM operations WHERE id = ? AND owner_id = ?");
    s.bind(1, id).bind(2, owner_id).run();
    return s.changes() > 0;
}

std::optional<Operation> SqlSession::find_operation(const std::string& owner_id, const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM operations WHERE id = ? AND owner_id = ?", operation_columns));
    s.bind(1, id).bind(2, owner_id);
    if (!s.step()) return std::nullopt;
    return read_operation(s);
}

std::optional<Operation> SqlSession::find_operation_any_owner(const std::string& id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM operations WHERE id = ?", operation_columns));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_operation(s);
}

Page<Operation> SqlSession::list_operations(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id",         "leaf_user_id", "type",     "start_time",
                                                  "end_time",   "updated_time", "providers", "field_ids",
                                                  "created_time"};
    const auto sql = detail::build_list_sql(m_db->dialect(), "operations", operation_columns, owner_id, query, allowed, "created_time");
    return detail::run_list<Operation>(*m_db, m_owner.counts(), sql, query, read_operation);
}

std::vector<Operation> SqlSession::user_operations(const std::string& owner_id, const std::string& leaf_user_id) {
    return detail::select_rows<Operation>(
        *m_db,
        fmt::format("SELECT {} FROM operations WHERE owner_id = ? AND leaf_user_id = ? ORDER BY created_time, id",
                    operation_columns),
        {owner_id, leaf_user_id}, read_operation);
}

std::vector<Operation> SqlSession::operations_with_result(const std::string& file_id) {
    return detail::select_rows<Operation>(
        *m_db, fmt::format("SELECT {} FROM operations WHERE result_file_id = ? ORDER BY id", operation_columns), {file_id},
        read_operation);
}

void SqlSession::put_file_match(const FileMatch& m) {
    m_db->prepare(detail::upsert_by_id_sql("file_matches", match_columns))
        .bind(1, m.file_id)
        .bind(2, m.owner_id)
        .bind(3, m.leaf_user_id)
        .bind(4, m.boundaries_signature)
        .bind(5, m.total_points)
        .bind(6, m.fields.dump())
        .bind(7, m.outside_points)
        .bind(8, m.outside_blob_key)
        .bind(9, m.matched_time)
        .run();
}

std::optional<FileMatch> SqlSession::find_file_match(const std::string& file_id) {
    auto s = m_db->prepare(fmt::format("SELECT {} FROM file_matches WHERE id = ?", match_columns));
    s.bind(1, file_id);
    if (!s.step()) return std::nullopt;
    return read_match(s);
}

std::vector<FileMatch> SqlSession::find_file_matches(const std::vector<std::string>& file_ids) {
    constexpr std::size_t chunk = 500; // well below SQLite's and PostgreSQL's bound-parameter limits
    std::vector<FileMatch> out;
    for (std::size_t from = 0; from < file_ids.size(); from += chunk) {
        const std::size_t n = std::min(chunk, file_ids.size() - from);
        std::string placeholders;
        for (std::size_t k = 0; k < n; ++k) placeholders += k == 0 ? "?" : ", ?";
        auto s = m_db->prepare(fmt::format("SELECT {} FROM file_matches WHERE id IN ({})", match_columns, placeholders));
        for (std::size_t k = 0; k < n; ++k) s.bind(static_cast<int>(k + 1), file_ids[from + k]);
        while (s.step()) out.push_back(read_match(s));
    }
    return out;
}

Page<FileMatch> SqlSession::list_outside_matches(const std::string& owner_id, const ListQuery& query) {
    static const std::set<std::string> allowed = {"id", "leaf_user_id", "matched_time", "outside_blob_key"};
    auto outside_only = query; // only the matches that made an outsideFieldGeojson
    outside_only.filters.push_back({"outside_blob_key", Op::ne, std::string()});
    const auto sql = detail::build_list_sql(m_db->dialect(), "file_matches", match_columns, owner_id, outside_only, allowed, "matched_time");
    return detail::run_list<FileMatch>(*m_db, m_owner.counts(), sql, outside_only, read_match);
}

} // namespace furrow::store::sql
