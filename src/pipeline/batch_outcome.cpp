#include "pipeline/batch_outcome.hpp"

#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "core/time.hpp"

namespace furrow::pipeline {

std::optional<BatchOutcome> decide_batch_outcome(const std::vector<store::MachineFile>& files) {
    if (files.empty()) return std::nullopt;
    bool any_processed = false;
    bool all_internal = true;
    bool all_no_operation = true;
    for (const auto& f : files) {
        if (f.status == store::FileStatus::processing) return std::nullopt;
        if (f.status == store::FileStatus::processed) any_processed = true;
        if (!f.status_message.starts_with(details_internal_error)) all_internal = false;
        if (!f.status_message.starts_with("unsupported operation type")) all_no_operation = false;
    }
    if (any_processed) return BatchOutcome{store::BatchStatus::processed, ""};
    if (all_internal) return BatchOutcome{store::BatchStatus::failed, details_internal_error};
    if (all_no_operation) return BatchOutcome{store::BatchStatus::failed, details_no_operation};
    return BatchOutcome{store::BatchStatus::failed, details_unable_to_read};
}

void finish_batch(store::Session& db, const store::Batch& batch, store::BatchStatus status, const std::string& details) {
    db.transaction([&] {
        db.set_batch_status(batch.id, status, details, now_ms());
        // `status` is a furrow extension of Leaf's {batchId, leafUserId} payload.
        alerts::record_event(db, batch.owner_id, alerts::event::batch_finished,
                             {{"batchId", batch.id}, {"leafUserId", batch.leaf_user_id}, {"status", store::to_string(status)}});
    });
}

void settle_batch(store::Session& db, const std::string& batch_id) {
    db.transaction([&] {
        const auto batch = db.find_batch_any_owner(batch_id);
        if (!batch || batch->status != store::BatchStatus::received) return;
        const auto outcome = decide_batch_outcome(db.batch_files(batch_id));
        if (outcome) finish_batch(db, *batch, outcome->status, outcome->details);
    });
}

} // namespace furrow::pipeline
