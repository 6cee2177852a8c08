#pragma once
// The metadata store seam. One interface, one folder per backend (sqlite/, postgres/),
// one factory (open_repository.cpp) chosen by the configured URL.
//
// A Session is one connection. Every call on it is atomic by itself; `transaction()` groups
// several calls (e.g. "insert the batch and enqueue its unpack job") into one commit, so a crash
// between them cannot leave one without the other. Lookups that the API serves take the owner id:
// another owner's row is simply not found.
#include "store/list_query.hpp"
#include "store/records.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace furrow::store {

class Session {
public:
    virtual ~Session() = default;

    // Runs fn inside one write transaction; rolls back if it throws.
    virtual void transaction(const std::function<void()>& fn) = 0;

    // Owners (API accounts).
    virtual void insert_owner(const Owner& owner) = 0; // Error(conflict) if the username exists
    virtual std::optional<Owner> find_owner(const std::string& id) = 0;
    virtual std::optional<Owner> find_owner_by_username(const std::string& username) = 0;
    // The current token generation, nullopt if no such owner (one indexed read: every request asks).
    virtual std::optional<std::int64_t> owner_token_generation(const std::string& id) = 0;
    // Moves the owner's token generation on, so every token given so far is refused; with a new
    // password hash when one is given (both in one statement). Returns the new generation.
    virtual std::int64_t revoke_owner_tokens(const std::string& id, const std::optional<std::string>& password_hash) = 0;

    // Leaf users.
    virtual void insert_user(const LeafUser& user) = 0;
    virtual bool update_user(const LeafUser& user) = 0; // false if no such user of that owner
    virtual bool delete_user(const std::string& owner_id, const std::string& id) = 0;
    virtual std::optional<LeafUser> find_user(const std::string& owner_id, const std::string& id) = 0;
    virtual std::optional<LeafUser> find_user_any_owner(const std::string& id) = 0; // workers only
    virtual Page<LeafUser> list_users(const std::string& owner_id, const ListQuery& query) = 0;

    // Batches.
    virtual void insert_batch(const Batch& batch) = 0;
    virtual std::optional<Batch> find_batch(const std::string& owner_id, const std::string& id) = 0;
    virtual std::optional<Batch> find_batch_any_owner(const std::string& id) = 0; // workers only
    virtual Page<Batch> list_batches(const std::string& owner_id, const ListQuery& query) = 0;
    virtual void set_batch_status(const std::string& id, BatchStatus status, const std::string& details,
                                  std::optional<TimeMs> processed_time) = 0;

    // Machine files.
    // Inserts unless the batch already has a file with this dataset_key (a re-run after a crash);
    // returns the id of the row that is there afterwards.
    virtual std::string insert_file_once(const MachineFile& file) = 0;
    // The leaf user's first upload with this content hash that is no duplicate itself and not failed.
    // Called in the transaction that inserts the new file: it holds the content's lock until commit.
    virtual std::optional<MachineFile> find_original_upload(const std::string& owner_id, const std::string& leaf_user_id,
                                                            const std::string& content_hash) = 0;
    virtual std::optional<MachineFile> find_file(const std::string& owner_id, const std::string& id) = 0;
    virtual std::optional<MachineFile> find_file_any_owner(const std::string& id) = 0; // workers only
    virtual Page<MachineFile> list_files(const std::string& owner_id, const ListQuery& query) = 0;
    virtual std::vector<MachineFile> batch_files(const std::string& batch_id) = 0;
    virtual void set_file_status(const std::string& id, FileStatus status, const std::string& message) = 0;
    virtual void set_file_original(const std::string& id, const std::string& blob_key) = 0;
    virtual void set_file_outputs(const std::string& id, const FileOutputs& outputs) = 0;
    // Every file of one leaf user, oldest first (operation matching reads them all).
    virtual std::vector<MachineFile> user_files(const std::string& owner_id, const std::string& leaf_user_id) = 0;
    // A derived file made again (new sources or crop): back to processing, its outputs kept until replaced.
    virtual void reset_derived_file(const std::string& id, const std::vector<std::string>& sources,
                                    const std::vector<std::string>& crop_boundaries) = 0;

    // Field operations.
    virtual void put_operation(const Operation& operation) = 0; // insert or replace
    virtual bool delete_operation(const std::string& owner_id, const std::string& id) = 0;
    virtual std::optional<Operation> find_operation(const std::string& owner_id, const std::string& id) = 0;
    virtual std::optional<Operation> find_operation_any_owner(const std::string& id) = 0; // workers only
    virtual Page<Operation> list_operations(const std::string& owner_id, const ListQuery& query) = 0;
    virtual std::vector<Operation> user_operations(const std::string& owner_id, const std::string& leaf_user_id) = 0;
    // Operations whose result is this file (its outputs are theirs).
    virtual std::vector<Operation> operations_with_result(const std::string& file_id) = 0;

    // Where each file's points fall among the field boundaries.
    virtual void put_file_match(const FileMatch& match) = 0; // insert or replace
    virtual std::optional<FileMatch> find_file_match(const std::string& file_id) = 0;
    // The matches of those of `file_ids` that have one, in one query (a page of a files list).
    virtual std::vector<FileMatch> find_file_matches(const std::vector<std::string>& file_ids) = 0;
    // Matches of the owner's files that have an outsideFieldGeojson (filters: leaf_user_id).
    virtual Page<FileMatch> list_outside_matches(const std::string& owner_id, const ListQuery& query) = 0;

    // Fields and their boundaries. A field id is unique per owner; lookups take the leaf user too,
    // so a field is only found under the user it belongs to.
    virtual void insert_field(const Field& field) = 0;  // Error(conflict) if the owner has this id
    virtual bool update_field(const Field& field) = 0;  // false if no such field of that user
    virtual bool delete_field(const std::string& owner_id, const std::string& leaf_user_id,
                              const std::string& id) = 0; // and its boundaries
    virtual std::optional<Field> find_field(const std::string& owner_id, const std::string& leaf_user_id,
                                            const std::string& id) = 0;
    virtual std::optional<Field> find_field_any_user(const std::string& owner_id, const std::string& id) = 0;
    virtual Page<Field> list_fields(const std::string& owner_id, const ListQuery& query) = 0;
    // Inserts an ACTIVE boundary and marks the field's previous ACTIVE one INACTIVE, atomically.
    virtual void insert_boundary(const FieldBoundary& boundary) = 0;
    virtual std::optional<FieldBoundary> find_boundary(const std::string& owner_id, const std::string& field_id,
                                                       const std::string& boundary_id) = 0;
    virtual std::vector<FieldBoundary> field_boundaries(const std::string& owner_id,
                                                        const std::string& field_id) = 0; // oldest first
    // The ACTIVE boundary of every field of the user (what operations are matched against).
    virtual std::vector<FieldBoundary> active_boundaries(const std::string& owner_id,
                                                         const std::string& leaf_user_id) = 0;
    // The ACTIVE boundary of every field of every leaf user of the owner.
    virtual std::vector<FieldBoundary> owner_active_boundaries(const std::string& owner_id) = 0;

    // Farms and growers. Inserts assign the id and return the record with it; lookups are by
    // owner (ids are unique across owners) and fill the child id lists.
    virtual Grower insert_grower(const Grower& grower) = 0;
    virtual bool update_grower(const Grower& grower) = 0; // false if no such grower of that owner
    virtual std::optional<Grower> find_grower(const std::string& owner_id, std::int64_t id) = 0;
    virtual Page<Grower> list_growers(const std::string& owner_id, const ListQuery& query) = 0;
    virtual Farm insert_farm(const Farm& farm) = 0;
    virtual bool update_farm(const Farm& farm) = 0; // false if no such farm of that owner
    virtual std::optional<Farm> find_farm(const std::string& owner_id, std::int64_t id) = 0;
    virtual Page<Farm> list_farms(const std::string& owner_id, const ListQuery& query) = 0;

    // Boundary uploads (records.hpp). finish_boundary_upload writes the entries and the upload's
    // final status in one transaction (nested in the caller's, when there is one).
    virtual void insert_boundary_upload(const BoundaryUpload& upload) = 0;
    virtual std::optional<BoundaryUpload> find_boundary_upload(const std::string& owner_id, const std::string& id) = 0;
    virtual std::optional<BoundaryUpload> find_boundary_upload_any_owner(const std::string& id) = 0; // workers only
    virtual Page<BoundaryUpload> list_boundary_uploads(const std::string& owner_id, const ListQuery& query) = 0;
    virtual void finish_boundary_upload(const BoundaryUpload& upload, const std::vector<BoundaryUploadEntry>& entries) = 0;
    virtual std::vector<BoundaryUploadEntry> boundary_upload_entries(const std::string& owner_id,
                                                                     const std::string& upload_id) = 0; // zip order

    // Configurations: the owner's (leaf_user_id "") and each leaf user's overrides.
    virtual std::optional<StoredConfig> find_config(const std::string& owner_id, const std::string& leaf_user_id) = 0;
    virtual void put_config(const StoredConfig& config) = 0; // insert or replace
    virtual bool delete_config(const std::string& owner_id, const std::string& leaf_user_id) = 0;

    // Assets (records.hpp): the machines, implements and operators a file names. Upserts one record
    // per identity and replaces the file's links, so a re-run of the file changes nothing. Returns
    // one link per input that has an identity, in input order (duplicates share an asset id).
    virtual std::vector<AssetLink> upsert_file_assets(const std::string& file_id, const std::string& owner_id,
                                                      const std::string& leaf_user_id,
                                                      const std::vector<AssetInput>& inputs) = 0;
    // The asset ids of one kind linked to a file, in first-link order.
    virtual std::vector<std::string> file_asset_ids(const std::string& file_id, const std::string& kind) = 0;
    virtual std::optional<Asset> find_asset(const std::string& owner_id, const std::string& kind,
                                            const std::string& id) = 0;
    virtual Page<Asset> list_assets(const std::string& owner_id, const std::string& kind, const ListQuery& query) = 0;

    // Pipeline steps of a file: one row per step, replaced on re-run.
    virtual void put_step(const std::string& file_id, const FileStep& step) = 0;
    virtual void clear_steps(const std::string& file_id) = 0;
    virtual std::vector<FileStep> steps(const std::string& file_id) = 0;

    // Durable job queue. A leased job belongs to its lease_token until lease_until; after that any
    // worker may lease it again (the holder crashed). Enqueue is idempotent per (kind, subject)
    // while a job for it is queued or running.
    virtual void enqueue(const JobRequest& job) = 0;
    virtual std::optional<Job> lease_job(TimeMs now, TimeMs lease_until) = 0;
    virtual bool extend_lease(const Job& job, TimeMs lease_until) = 0;
    virtual void complete_job(const Job& job) = 0;
    virtual void retry_job(const Job& job, const std::string& error, TimeMs run_after) = 0;
    virtual void fail_job(const Job& job, const std::string& error) = 0;
    virtual std::int64_t count_jobs(const std::string& state) = 0; // "queued", "running", "done", "failed"

    // Alerts: webhooks and the delivery outbox (docs/ALERTS.md).
    // Error(invalid_input, "events", "eventRegisteredTwice: ...") if one of its events already has a webhook.
    virtual void insert_webhook(const Webhook& hook) = 0;
    virtual std::optional<Webhook> find_webhook(const std::string& owner_id, const std::string& id) = 0;
    virtual std::vector<Webhook> list_webhooks(const std::string& owner_id) = 0;
    // Also cancels its deliveries not yet made; the delivery log is kept.
    virtual bool delete_webhook(const std::string& owner_id, const std::string& id) = 0;
    virtual std::optional<Webhook> webhook_for_event(const std::string& owner_id, const std::string& event) = 0;
    virtual void insert_alert_delivery(const AlertDeliveryRequest& delivery, TimeMs due) = 0;
    // The oldest due delivery whose webhook has none in flight (so a webhook gets its events in
    // order, one at a time); expired leases count as due. nullopt when nothing is due.
    virtual std::optional<AlertDelivery> lease_alert_delivery(TimeMs now, TimeMs lease_until) = 0;
    // Logs the attempt and settles the delivery: delivered (accepted), due again at retry_at, or
    // failed for good (no retry_at). A lost lease still logs the attempt.
    virtual void finish_alert_delivery(const AlertDelivery& delivery, const AlertAttempt& attempt,
                                       std::optional<TimeMs> retry_at) = 0;
    virtual std::vector<AlertCall> list_alert_calls(const std::string& owner_id, const AlertCallQuery& query) = 0;
    // "pending", "sending", "delivered", "failed", "cancelled"
    virtual std::int64_t count_alert_deliveries(const std::string& state) = 0;
};

class Repository {
public:
    virtual ~Repository() = default;
    // A session from the backend's pool; return it by destroying it.
    virtual std::unique_ptr<Session> connect() = 0;
};

// "sqlite:///path/furrow.db" (or "sqlite://relative/path.db"), or
// "postgres://user:pass@host:port/db" ("postgresql://" too). Migrations are applied here.
std::unique_ptr<Repository> open_repository(const std::string& url);

} // namespace furrow::store
