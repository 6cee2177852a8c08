#include "pipeline/operations/reconcile.hpp"

#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "pipeline/context.hpp"
#include "pipeline/derived_file.hpp"
#include "pipeline/field_crop.hpp"
#include "pipeline/operations/operation_result.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace furrow::pipeline::operations {
namespace {

std::size_t shared_files(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::size_t n = 0;
    for (const auto& id : a) n += static_cast<std::size_t>(std::count(b.begin(), b.end(), id));
    return n;
}

// The existing operation this planned one continues, if any (not one already taken).
store::Operation* continued(std::vector<store::Operation>& existing, std::vector<bool>& taken, const PlannedOperation& p) {
    store::Operation* best = nullptr;
    std::size_t best_shared = 0;
    for (std::size_t i = 0; i < existing.size(); ++i) {
        auto& op = existing[i];
        if (taken[i] || op.type != p.type || op.crop != p.crop || op.provider != p.provider || op.field_id != p.field_id)
            continue;
        const auto shared = shared_files(op.file_ids, p.file_ids);
        if (shared > best_shared) best = &op, best_shared = shared;
    }
    if (best) taken[static_cast<std::size_t>(best - existing.data())] = true;
    return best;
}

std::vector<std::string> crop_of(const PlannedOperation& p, bool cropped_by_request) {
    std::vector<std::string> refs;
    if (p.needs_crop || cropped_by_request)
        for (const auto& f : p.fields) refs.push_back(crop_boundary_ref(f.field_id, f.boundary_id));
    return refs;
}

nlohmann::json fields_json(const PlannedOperation& p, const store::Operation* before) {
    auto out = nlohmann::json::array();
    for (const auto& f : p.fields) {
        nlohmann::json field = {{"id", f.field_id}, {"boundaryId", f.boundary_id}};
        if (before)
            for (const auto& old : before->fields)
                if (old.value("id", "") == f.field_id && old.contains("coverage")) field["coverage"] = old["coverage"];
        out.push_back(std::move(field));
    }
    return out;
}

// A new automerged file of the operation's files, cropped to `crop`; returns its id.
std::string insert_derived_file(store::Session& db, const store::Operation& op, const std::vector<std::string>& crop) {
    auto first = db.find_file_any_owner(op.file_ids.front()).value_or(store::MachineFile{});
    first.owner_id = op.owner_id;
    first.leaf_user_id = op.leaf_user_id;
    first.operation_type = op.type;
    return db.insert_file_once(
        derived_file(first, store::FileOrigin::automerged, fmt::format("{} operation {}", schema::to_string(op.type), op.id),
                     op.file_ids, crop));
}

} // namespace

bool settle_result_file(store::Session& db, store::Operation& op, const std::vector<std::string>& crop) {
    op.crop_boundaries = crop;
    const auto current = op.result_file_id.empty() ? std::nullopt : db.find_file_any_owner(op.result_file_id);
    const bool derived = current && current->owner_id == op.owner_id && !current->sources.empty();
    // One file, nothing to crop: the file itself, unless the operation was reprocessed into a
    // derived file already (kept, so the result does not flip back and forth).
    if (op.file_ids.size() == 1 && crop.empty() && !derived) {
        op.result_file_id = op.file_ids.front();
        return false;
    }
    if (derived) {
        if (current->sources == op.file_ids && current->crop_boundaries == crop && current->status != store::FileStatus::failed)
            return false;
        db.reset_derived_file(current->id, op.file_ids, crop);
        return true;
    }
    op.result_file_id = insert_derived_file(db, op, crop);
    return true;
}

std::string remake_result(store::Session& db, store::Operation& op, const std::vector<std::string>& crop) {
    if (!settle_result_file(db, op, crop)) {
        const auto current = db.find_file_any_owner(op.result_file_id);
        if (current && !current->sources.empty()) {
            db.reset_derived_file(current->id, op.file_ids, crop);
        } else { // the single source file as result: a derived file of it takes over
            op.result_file_id = insert_derived_file(db, op, crop);
        }
    }
    op.updated_time = now_ms();
    db.put_operation(op);
    db.enqueue({job_process_file, op.result_file_id, 0});
    return op.result_file_id;
}

std::vector<std::string> field_crop_of(const store::Operation& op) {
    std::vector<std::string> refs;
    for (const auto& f : op.fields) refs.push_back(crop_boundary_ref(f.value("id", ""), f.value("boundaryId", "")));
    return refs;
}

ReconcileOutcome reconcile_operations(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                                      const std::vector<PlannedOperation>& plan) {
    ReconcileOutcome out;
    auto existing = db.user_operations(owner_id, leaf_user_id);
    std::vector<bool> taken(existing.size(), false);
    for (const auto& p : plan) {
        auto* before = continued(existing, taken, p);
        store::Operation op = before ? *before : store::Operation{};
        const bool is_new = before == nullptr;
        if (is_new) {
            op.id = new_uuid();
            op.owner_id = owner_id;
            op.leaf_user_id = leaf_user_id;
            op.type = p.type;
            op.crop = p.crop;
            op.provider = p.provider;
            op.field_id = p.field_id;
            op.created_time = now_ms();
        }
        const auto old_files = op.file_ids;
        const auto old_fields = op.fields;
        op.file_ids = p.file_ids;
        op.fields = fields_json(p, before);
        op.providers.clear();
        op.start_time.reset();
        op.end_time.reset();
        for (const auto& id : p.file_ids) {
            const auto f = db.find_file_any_owner(id);
            if (!f) continue;
            if (std::find(op.providers.begin(), op.providers.end(), f->provider) == op.providers.end())
                op.providers.push_back(f->provider);
            if (f->start_time && (!op.start_time || *f->start_time < *op.start_time)) op.start_time = f->start_time;
            if (f->end_time && (!op.end_time || *f->end_time > *op.end_time)) op.end_time = f->end_time;
        }
        const auto old_result = op.result_file_id;
        const auto old_crop = op.crop_boundaries;
        const bool reprocess = settle_result_file(db, op, crop_of(p, op.cropped_by_request));
        const bool changed = is_new || reprocess || old_files != op.file_ids || old_result != op.result_file_id ||
                             old_crop != op.crop_boundaries || old_fields.size() != op.fields.size();
        if (!changed) continue;
        op.updated_time = now_ms();
        if (!reprocess) refresh_from_result(db, op);
        db.put_operation(op);
        (is_new ? out.created : out.updated).push_back(op.id);
        const nlohmann::json ids = {{"operationId", op.id}, {"leafUserId", op.leaf_user_id}};
        alerts::record_event(db, owner_id, is_new ? alerts::event::operation_created : alerts::event::operation_updated, ids);
        if (!reprocess) announce_result(db, op); // a result that is already made: finished now
        if (reprocess) {
            db.enqueue({job_process_file, op.result_file_id, 0});
            out.to_process.push_back(op.result_file_id);
        }
    }
    for (std::size_t i = 0; i < existing.size(); ++i) {
        if (taken[i]) continue;
        db.delete_operation(owner_id, existing[i].id);
        out.deleted.push_back(existing[i].id);
    }
    return out;
}

} // namespace furrow::pipeline::operations
