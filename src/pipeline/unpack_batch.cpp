#include "pipeline/unpack_batch.hpp"

#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "formats/registry.hpp"
#include "pipeline/batch_outcome.hpp"

#include <fmt/format.h>

namespace furrow::pipeline {
namespace {

void fail_batch(store::Session& db, const store::Batch& batch, const std::string& details) {
    finish_batch(db, batch, store::batch_failed, details);
}

store::MachineFile file_for(const store::Batch& batch, const formats::DetectedDataset& detected,
                            const formats::Bundle& bundle) {
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
    return f;
}

} // namespace

void unpack_batch(Context& ctx, const std::string& batch_id) {
    auto db = ctx.repo.connect();
    const auto batch = db->find_batch_any_owner(batch_id);
    if (!batch || batch->status != store::batch_received) return; // deleted, or already decided

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
    db->transaction([&] {
        if (detected.empty()) {
            fail_batch(*db, *batch, details_no_valid_files);
            return;
        }
        for (const auto& d : detected) {
            const auto file = file_for(*batch, d, *bundle);
            if (db->insert_file_once(file) == file.id) // new, not there from a run before a crash
                alerts::record_event(*db, batch->owner_id, alerts::event::file_created,
                                     {{"fileId", file.id}, {"leafUserId", file.leaf_user_id}, {"batchId", batch->id}});
        }
        for (const auto& f : db->batch_files(batch_id))
            if (f.status == store::file_processing) db->enqueue({job_process_file, f.id, 0});
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
