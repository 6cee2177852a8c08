#pragma once
// The metadata store in SQL, written once for every backend: SqlSession runs the session calls
// over a sql::Connection (connection.hpp), SqlRepository pools the connections of one database.
// A backend folder (sqlite/, postgres/) only opens connections and migrates its schema.
#include "store/repository.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/count_cache.hpp"

#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace furrow::store::sql {

class SqlRepository;

class SqlSession final : public Session {
public:
    SqlSession(SqlRepository& owner, std::unique_ptr<Connection> db);
    ~SqlSession() override;

    void transaction(const std::function<void()>& fn) override;

    void insert_owner(const Owner& owner) override;
    std::optional<Owner> find_owner(const std::string& id) override;
    std::optional<Owner> find_owner_by_username(const std::string& username) override;
    std::optional<std::int64_t> owner_token_generation(const std::string& id) override;
    std::int64_t revoke_owner_tokens(const std::string& id, const std::optional<std::string>& password_hash) override;

    void insert_user(const LeafUser& user) override;
    bool update_user(const LeafUser& user) override;
    bool delete_user(const std::string& owner_id, const std::string& id) override;
    std::optional<LeafUser> find_user(const std::string& owner_id, const std::string& id) override;
    std::optional<LeafUser> find_user_any_owner(const std::string& id) override;
    Page<LeafUser> list_users(const std::string& owner_id, const ListQuery& query) override;

    void insert_batch(const Batch& batch) override;
    std::optional<Batch> find_batch(const std::string& owner_id, const std::string& id) override;
    std::optional<Batch> find_batch_any_owner(const std::string& id) override;
    Page<Batch> list_batches(const std::string& owner_id, const ListQuery& query) override;
    void set_batch_status(const std::string& id, BatchStatus status, const std::string& details,
                          std::optional<TimeMs> processed_time) override;

    std::string insert_file_once(const MachineFile& file) override;
    std::optional<MachineFile> find_original_upload(const std::string& owner_id, const std::string& leaf_user_id,
                                                    const std::string& content_hash) override;
    std::optional<MachineFile> find_file(const std::string& owner_id, const std::string& id) override;
    std::optional<MachineFile> find_file_any_owner(const std::string& id) override;
    Page<MachineFile> list_files(const std::string& owner_id, const ListQuery& query) override;
    std::vector<MachineFile> batch_files(const std::string& batch_id) override;
    void set_file_status(const std::string& id, FileStatus status, const std::string& message) override;
    void set_file_original(const std::string& id, const std::string& blob_key) override;
    void set_file_outputs(const std::string& id, const FileOutputs& outputs) override;
    std::vector<MachineFile> user_files(const std::string& owner_id, const std::string& leaf_user_id) override;
    void reset_derived_file(const std::string& id, const std::vector<std::string>& sources,
                            const std::vector<std::string>& crop_boundaries) override;

    void put_operation(const Operation& operation) override;
    bool delete_operation(const std::string& owner_id, const std::string& id) override;
    std::optional<Operation> find_operation(const std::string& owner_id, const std::string& id) override;
    std::optional<Operation> find_operation_any_owner(const std::string& id) override;
    Page<Operation> list_operations(const std::string& owner_id, const ListQuery& query) override;
    std::vector<Operation> user_operations(const std::string& owner_id, const std::string& leaf_user_id) override;
    std::vector<Operation> operations_with_result(const std::string& file_id) override;

    void put_file_match(const FileMatch& match) override;
    std::optional<FileMatch> find_file_match(const std::string& file_id) override;
    std::vector<FileMatch> find_file_matches(const std::vector<std::string>& file_ids) override;
    Page<FileMatch> list_outside_matches(const std::string& owner_id, const ListQuery& query) override;

    void insert_field(const Field& field) override;
    bool update_field(const Field& field) override;
    bool delete_field(const std::string& owner_id, const std::string& leaf_user_id, const std::string& id) override;
    std::optional<Field> find_field(const std::string& owner_id, const std::string& leaf_user_id,
                                    const std::string& id) override;
    std::optional<Field> find_field_any_user(const std::string& owner_id, const std::string& id) override;
    Page<Field> list_fields(const std::string& owner_id, const ListQuery& query) override;
    void insert_boundary(const FieldBoundary& boundary) override;
    std::optional<FieldBoundary> find_boundary(const std::string& owner_id, const std::string& field_id,
                                               const std::string& boundary_id) override;
    std::vector<FieldBoundary> field_boundaries(const std::string& owner_id, const std::string& field_id) override;
    std::vector<FieldBoundary> owner_active_boundaries(const std::string& owner_id) override;
    std::vector<FieldBoundary> active_boundaries(const std::string& owner_id, const std::string& leaf_user_id) override;

    Grower insert_grower(const Grower& grower) override;
    bool update_grower(const Grower& grower) override;
    std::optional<Grower> find_grower(const std::string& owner_id, std::int64_t id) override;
    Page<Grower> list_growers(const std::string& owner_id, const ListQuery& query) override;
    Farm insert_farm(const Farm& farm) override;
    bool update_farm(const Farm& farm) override;
    std::optional<Farm> find_farm(const std::string& owner_id, std::int64_t id) override;
    Page<Farm> list_farms(const std::string& owner_id, const ListQuery& query) override;

    void insert_boundary_upload(const BoundaryUpload& upload) override;
    std::optional<BoundaryUpload> find_boundary_upload(const std::string& owner_id, const std::string& id) override;
    std::optional<BoundaryUpload> find_boundary_upload_any_owner(const std::string& id) override;
    Page<BoundaryUpload> list_boundary_uploads(const std::string& owner_id, const ListQuery& query) override;
    void finish_boundary_upload(const BoundaryUpload& upload, const std::vector<BoundaryUploadEntry>& entries) override;
    std::vector<BoundaryUploadEntry> boundary_upload_entries(const std::string& owner_id,
                                                             const std::string& upload_id) override;

    std::optional<StoredConfig> find_config(const std::string& owner_id, const std::string& leaf_user_id) override;
    void put_config(const StoredConfig& config) override;
    bool delete_config(const std::string& owner_id, const std::string& leaf_user_id) override;

    std::vector<AssetLink> upsert_file_assets(const std::string& file_id, const std::string& owner_id,
                                              const std::string& leaf_user_id,
                                              const std::vector<AssetInput>& inputs) override;
    std::vector<std::string> file_asset_ids(const std::string& file_id, const std::string& kind) override;
    std::optional<Asset> find_asset(const std::string& owner_id, const std::string& kind, const std::string& id) override;
    Page<Asset> list_assets(const std::string& owner_id, const std::string& kind, const ListQuery& query) override;

    void put_step(const std::string& file_id, const FileStep& step) override;
    void clear_steps(const std::string& file_id) override;
    std::vector<FileStep> steps(const std::string& file_id) override;

    void enqueue(const JobRequest& job) override;
    std::optional<Job> lease_job(TimeMs now, TimeMs lease_until) override;
    bool extend_lease(const Job& job, TimeMs lease_until) override;
    void complete_job(const Job& job) override;
    void retry_job(const Job& job, const std::string& error, TimeMs run_after) override;
    void fail_job(const Job& job, const std::string& error) override;
    std::int64_t count_jobs(const std::string& state) override;

    void insert_webhook(const Webhook& hook) override;
    std::optional<Webhook> find_webhook(const std::string& owner_id, const std::string& id) override;
    std::vector<Webhook> list_webhooks(const std::string& owner_id) override;
    bool delete_webhook(const std::string& owner_id, const std::string& id) override;
    std::optional<Webhook> webhook_for_event(const std::string& owner_id, const std::string& event) override;
    void insert_alert_delivery(const AlertDeliveryRequest& delivery, TimeMs due) override;
    std::optional<AlertDelivery> lease_alert_delivery(TimeMs now, TimeMs lease_until) override;
    void finish_alert_delivery(const AlertDelivery& delivery, const AlertAttempt& attempt,
                               std::optional<TimeMs> retry_at) override;
    std::vector<AlertCall> list_alert_calls(const std::string& owner_id, const AlertCallQuery& query) override;
    std::int64_t count_alert_deliveries(const std::string& state) override;

private:
    void fill_batch_files(Batch& batch);
    std::vector<std::string> field_boundary_ids(const std::string& owner_id, const std::string& field_id);
    std::vector<std::int64_t> grower_farm_ids(const std::string& owner_id, std::int64_t grower_id);
    std::vector<std::string> farm_field_ids(const std::string& owner_id, std::int64_t farm_id);
    void delete_user_fields(const std::string& owner_id, const std::string& leaf_user_id);
    std::string upsert_asset(const std::string& owner_id, const std::string& leaf_user_id, const AssetInput& input,
                             const std::string& identity, TimeMs now);

    SqlRepository& m_owner;
    std::unique_ptr<Connection> m_db;
    int m_transaction_depth = 0;
};

// A pool of connections to one database. Connections are opened lazily by `open` and reused;
// a broken one is dropped on give-back together with the idle ones (a server restart broke them
// all), so the pool heals by itself once the database is back.
class SqlRepository final : public Repository {
public:
    using Opener = std::function<std::unique_ptr<Connection>()>;
    // `first` is a connection already open (the one that migrated the schema), or null.
    SqlRepository(Opener open, std::unique_ptr<Connection> first, std::size_t max_idle);
    std::unique_ptr<Session> connect() override;
    void give_back(std::unique_ptr<Connection> db);
    CountCache& counts() { return m_counts; }

private:
    Opener m_open;
    std::size_t m_max_idle;
    CountCache m_counts;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<Connection>> m_idle;
};

namespace detail {

// SELECT/COUNT statements for a list request. Every column named by the query must be in
// `allowed`; anything else is a programming error in the API layer and is refused here too.
struct ListSql {
    std::string table;
    std::string owner_id;
    std::string select;
    std::string count;
    std::vector<Value> binds; // shared by both; the select adds LIMIT/OFFSET itself
};
ListSql build_list_sql(const Dialect& dialect, std::string_view table, std::string_view columns,
                       const std::string& owner_id, const ListQuery& query, const std::set<std::string>& allowed,
                       std::string_view time_column);
void bind_all(Statement& stmt, const std::vector<Value>& binds);
// "INSERT INTO table (columns) VALUES (?, ...) ON CONFLICT (id) DO UPDATE SET c = excluded.c, ...":
// insert or replace by id, in SQL that SQLite and PostgreSQL both accept. `columns` starts with id.
std::string upsert_by_id_sql(std::string_view table, std::string_view columns);
// Every row of `sql` with `binds`, each read by `read(const Statement&) -> T`.
template <typename T, typename Reader>
std::vector<T> select_rows(Connection& db, const std::string& sql, const std::vector<Value>& binds, Reader read) {
    auto s = db.prepare(sql);
    bind_all(s, binds);
    std::vector<T> out;
    while (s.step()) out.push_back(read(s));
    return out;
}
// A JSON array of strings stored as text; anything else reads as empty.
std::vector<std::string> string_list(const std::string& text);

// Runs a list: the total (through the count cache), then one page of rows read by
// `read(const Statement&) -> T`.
template <typename T, typename Reader>
Page<T> run_list(Connection& db, CountCache& counts, const ListSql& sql, const ListQuery& query, Reader read) {
    Page<T> page;
    page.total = counts.count(db, sql.count, sql.binds, sql.owner_id, sql.table);
    auto select = db.prepare(sql.select);
    bind_all(select, sql.binds);
    const int next = static_cast<int>(sql.binds.size()) + 1;
    select.bind(next, query.size).bind(next + 1, query.page * query.size);
    while (select.step()) page.items.push_back(read(select));
    return page;
}

} // namespace detail
} // namespace furrow::store::sql
