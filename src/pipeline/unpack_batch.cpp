#include "pipeline/unpack_batch.hpp"

#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "formats/registry.hpp"
#include "pipeline/batch_outcome.hpp"
#include "pipeline/content_hash.hpp"

#include <fmt/format.h>

namespace furrow::pipeline {
namespace {

void fail_batch(store::Session& db, const store::Batch& batch, const std::string& details) {
    finish_batch(db, batch, store::BatchStatus::failed, details);
}

store::MachineFile file_for(const store::Batch& batch, const formats::DetectedDataset& detected,
                            const formats::Bundle& bundle, ContentHasher& hasher) {
    store::MachineFile f;
    f.id = new_uuid();
    f.owner_id = batch.owner_id;
    f.leaf_user_id = batch.leaf_user_id;
    f.batch_id = batch.id;
    f.dataset_key = detected.dataset.key.empty() ? detected.dataset.marker : detected.dataset.key;
    f.dataset_part = detected.dataset.part;
    f.dataset_marker = detected.dataset.marker;
    f.format_id = std::string(detected.format->id);
    f.file_format = std::string(detected.format->file_format);
    f.provider = batch.provider == "Other" ? std::string(detected.format->provider) : batch.provider;
    f.file_name = detected.dataset.name;
    f.entries = detected.dataset.entries;
    for (const auto& path : f.entries)
        if (const auto* entry = bundle.find(path)) f.size_in_bytes += entry->size;
    f.created_time = f.updated_time = now_ms();
    try {
        f.content_hash = hasher.dataset_hash(detected.dataset, detected.format->id);
    } catch (const Error& e) {
        // A damaged entry: no hash, so no duplicate check; reading the file fails with the reason.
        if (e.code() != ErrorCode::corrupt_file) throw;
    }
    return f;
}

// The same content uploaded before by the same leaf user: this file repeats it. Its own row from a
// run before a crash (same batch, same data set) is not an earlier upload.
void link_duplicate(store::Session& db, store::MachineFile& file) {
    if (file.content_hash.empty()) return;
    const auto original = db.find_original_upload(file.owner_id, file.leaf_user_id, file.content_hash);
    if (original && !(original->batch_id == file.batch_id && original->dataset_key == file.dataset_key))
        file.duplicate_of = original->id;
}

} // namespace

void unpack_batch(Context& ctx, const std::string& batch_id) {
    auto db = ctx.repo.connect();
    const auto batch = db->find_batch_any_owner(batch_id);
    if (!batch || batch->status != store::BatchStatus::received) return; // deleted, or already decided

    std::optional<formats::Bundle> bundle;
    try {
        bundle.emplace(formats::Bundle::open(ctx.blobs.local_path(batch->blob_key), bundle_limits(ctx.config)));
    } catch (const Error& e) {
        if (e.code() != ErrorCode::corrupt_file) throw; // the disk or the store: retry the job
        log::info("batch {}: rejected: {}", batch_id, e.what());
        fail_batch(*db, *batch, fmt::format("{} ({})", details_no_valid_files, e.what()));
        return;
    }

    const auto detected = formats::detect_datasets(*bundle);
    // Hashing reads every entry: outside the transaction.
    ContentHasher hasher(*bundle);
    std::vector<store::MachineFile> files;
    for (const auto& d : detected) files.push_back(file_for(*batch, d, *bundle, hasher));
    db->transaction([&] {
        if (detected.empty()) {
            fail_batch(*db, *batch, details_no_valid_files);
            return;
        }
        for (auto& file : files) {
            link_duplicate(*db, file);
            if (db->insert_file_once(file) == file.id) // new, not there from a run before a crash
                alerts::record_event(*db, batch->owner_id, alerts::event::file_created,
                                     {{"fileId", file.id}, {"leafUserId", file.leaf_user_id}, {"batchId", batch->id}});
        }
        for (const auto& f : db->batch_files(batch_id))
            if (f.status == store::FileStatus::processing) db->enqueue({job_process_file, f.id, 0});
    });
    log::info("batch {}: {} data set(s) detected", batch_id, detected.size());
}

void give_up_unpack_batch(Context& ctx, const std::string& batch_id, const std::string& error) {
    auto db = ctx.repo.connect();
    log::error("batch {}: giving up: {}", batch_id, error);
    const auto batch = db->find_batch_any_owner(batch_id);
    if (batch) fail_batch(*db, *batch, details_internal_error);
}

} // namespace furrow::pipeline
