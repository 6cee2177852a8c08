#pragma once
// Turns a plan (operation_plan.hpp) into stored operations: each planned operation takes over the
// existing operation of the same type, crop, provider and field that shares most files with it
// (so ids stay stable as files arrive), a new one is created otherwise, and existing operations
// no plan claims are deleted. An operation whose files or crop changed gets its result file made
// again. Runs inside the caller's transaction.
#include "pipeline/operations/operation_plan.hpp"
#include "store/repository.hpp"

#include <string>
#include <vector>

namespace furrow::pipeline::operations {

struct ReconcileOutcome {
    std::vector<std::string> created;   // operation ids
    std::vector<std::string> updated;
    std::vector<std::string> deleted;
    std::vector<std::string> to_process; // result files to (re)run through the pipeline
};

ReconcileOutcome reconcile_operations(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                                      const std::vector<PlannedOperation>& plan);

// Where an operation's result comes from: its only file as it is, or a derived file of its files'
// points cropped to `crop` (field/boundary refs). Creates or resets the derived file as needed and
// returns true when the result must be (re)processed.
bool settle_result_file(store::Session& db, store::Operation& op, const std::vector<std::string>& crop);

// Makes the operation's result again from its files' points (reprocess, cropOperationByField):
// a derived result is reset, a single-file result becomes a derived one. Queues the work and
// returns the result file id. Runs inside the caller's transaction.
std::string remake_result(store::Session& db, store::Operation& op, const std::vector<std::string>& crop);

// The crop an operation's fields give (cropOperationByField: every field it is linked to).
std::vector<std::string> field_crop_of(const store::Operation& op);

} // namespace furrow::pipeline::operations
