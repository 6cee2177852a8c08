#include "pipeline/operations/operation_result.hpp"

#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "core/time.hpp"
#include "pipeline/context.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace furrow::pipeline::operations {
namespace {

// Points of the operation's files inside each field, from the files' matches.
std::map<std::string, double> points_per_field(store::Session& db, const store::Operation& op) {
    std::map<std::string, double> out;
    for (const auto& file_id : op.file_ids)
        if (const auto match = db.find_file_match(file_id))
            for (const auto& f : match->fields) out[f.value("id", "")] += f.value("points", 0.0);
    return out;
}

// The covered area (the union of the swaths) of the summary; the file's area sums the points' areas.
double coverage_area_m2(const store::MachineFile& f) {
    const auto summary = nlohmann::json::parse(f.summary, nullptr, false);
    if (summary.is_object() && summary.contains("properties")) {
        const auto& props = summary["properties"];
        if (props.contains("coverageArea") && props["coverageArea"].contains("value"))
            return props["coverageArea"]["value"].get<double>();
    }
    return f.area_m2.value_or(0);
}

} // namespace

void refresh_from_result(store::Session& db, store::Operation& op) {
    const auto result = db.find_file_any_owner(op.result_file_id);
    if (!result || result->status != store::FileStatus::processed) return;
    if (result->start_time) op.start_time = result->start_time;
    if (result->end_time) op.end_time = result->end_time;
    const double covered_m2 = coverage_area_m2(*result);
    const auto per_field = points_per_field(db, op);
    double op_points = 0;
    for (const auto& field : op.fields) op_points += per_field.count(field.value("id", "")) ? per_field.at(field.value("id", "")) : 0;
    for (auto& field : op.fields) {
        const auto boundary = db.find_boundary(op.owner_id, field.value("id", ""), field.value("boundaryId", ""));
        if (!boundary || boundary->area_ha <= 0) continue;
        double inside_m2 = covered_m2;
        if (op.fields.size() > 1 && op_points > 0) {
            const auto it = per_field.find(field.value("id", ""));
            inside_m2 = covered_m2 * (it == per_field.end() ? 0.0 : it->second / op_points);
        }
        const double percent = std::min(100.0, 100.0 * inside_m2 / (boundary->area_ha * 10000.0));
        field["coverage"] = std::round(percent * 100.0) / 100.0;
    }
}

void announce_result(store::Session& db, const store::Operation& op) {
    const auto result = db.find_file_any_owner(op.result_file_id);
    if (!result || result->status == store::FileStatus::processing) return;
    nlohmann::json payload = {{"operationId", op.id}, {"leafUserId", op.leaf_user_id}};
    const bool ok = result->status == store::FileStatus::processed;
    if (!ok) payload["message"] = result->status_message;
    alerts::record_event(db, op.owner_id, ok ? alerts::event::operation_finished : alerts::event::operation_failed,
                         std::move(payload));
}

void file_finished(store::Session& db, const std::string& file_id) {
    const auto file = db.find_file_any_owner(file_id);
    if (!file) return;
    if (file->sources.empty() && file->status == store::FileStatus::processed && file->operation_type)
        db.enqueue({job_match_user, file->leaf_user_id, 0});
    for (auto op : db.operations_with_result(file_id)) {
        refresh_from_result(db, op);
        op.updated_time = now_ms();
        db.put_operation(op);
        announce_result(db, op);
    }
}

} // namespace furrow::pipeline::operations
