#pragma once
// When is a batch done, and what does it say. Texts are the seeds' statusDetails (files-v1.md).
#include "store/records.hpp"
#include "store/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace furrow::pipeline {

inline constexpr const char* details_no_valid_files = "No valid files found";
inline constexpr const char* details_unable_to_read =
    "Files found but unable to read. Please check file format before re-trying or contact Support";
inline constexpr const char* details_no_operation =
    "No operation found. Check file format before re-trying or contact Support";
inline constexpr const char* details_internal_error = "Leaf internal error. Please contact Support";

struct BatchOutcome {
    store::BatchStatus status = store::BatchStatus::processed; // processed or failed
    std::string details; // empty unless FAILED
};

// nullopt while any file is still processing. A batch with no files at all is not decided here:
// the unpack step decides that ("No valid files found").
std::optional<BatchOutcome> decide_batch_outcome(const std::vector<store::MachineFile>& files);

// Records the batch's final status and, in the same transaction, its batchUploadProcessingFinished alert.
void finish_batch(store::Session& db, const store::Batch& batch, store::BatchStatus status, const std::string& details);

// Re-reads the batch's files and, if they are all done, records the outcome. Idempotent.
void settle_batch(store::Session& db, const std::string& batch_id);

} // namespace furrow::pipeline
