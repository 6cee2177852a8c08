#include "pipeline/operations/match_user.hpp"

#include "core/log.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/operations/file_matching.hpp"
#include "pipeline/operations/operation_plan.hpp"
#include "pipeline/operations/reconcile.hpp"

#include <fmt/format.h>

namespace furrow::pipeline::operations {
namespace {

// The files operations are made of: processed uploads with an operation type and stored points.
// Merged and automerged files are made of these, so they are left out; so are uploads that repeat
// a data set of the user (its original stands for it: each point joins an operation once).
bool operation_source(const store::MachineFile& f) {
    return f.sources.empty() && f.duplicate_of.empty() && f.status == store::FileStatus::processed &&
           f.operation_type && !stored_points_key(f).empty();
}

PlanFile plan_file(const store::MachineFile& f, const store::FileMatch& match, double threshold) {
    PlanFile p;
    p.id = f.id;
    p.type = *f.operation_type;
    p.crop = f.crops.empty() ? "" : f.crops.front();
    p.provider = f.provider;
    p.start = f.start_time.value_or(f.created_time);
    p.end = f.end_time.value_or(p.start);
    for (const auto& field : match.fields) {
        const double share = field.value("share", 0.0);
        if (share > threshold) p.fields.push_back({field.value("id", ""), field.value("boundaryId", ""), share});
    }
    p.all_inside = match.outside_points == 0;
    return p;
}

} // namespace

void match_user(Context& ctx, const std::string& leaf_user_id) {
    auto db = ctx.repo.connect();
    const auto user = db->find_user_any_owner(leaf_user_id);
    if (!user) return;
    const auto settings = settings_of(effective_configuration(*db, user->owner_id, user->id));
    const bool outside = settings.split_operations_by_field && settings.outside_field_geojson;
    const auto fields = load_user_fields(*db, user->owner_id, user->id, outside);
    // Matching reads points: outside the transaction, one file at a time.
    for (const auto& f : db->user_files(user->owner_id, user->id)) {
        if (!operation_source(f)) continue;
        const auto known = db->find_file_match(f.id);
        if (known && known->boundaries_signature == fields.signature) continue;
        db->put_file_match(match_file(ctx, f, fields, outside));
    }
    if (!settings.field_operation_creation) return;
    const PlanRules rules{settings.merge_range_days, settings.merge_range_harvested_days,
                          settings.split_operations_by_field, settings.split_operations_by_provider};
    ReconcileOutcome outcome;
    db->transaction([&] {
        std::vector<PlanFile> files;
        for (const auto& f : db->user_files(user->owner_id, user->id)) {
            if (!operation_source(f)) continue;
            const auto match = db->find_file_match(f.id);
            // Processed after the matching above: its own match_user job comes next.
            if (!match || match->boundaries_signature != fields.signature) continue;
            files.push_back(plan_file(f, *match, settings.fields_attach_intersection));
        }
        outcome = reconcile_operations(*db, user->owner_id, user->id, plan_operations(std::move(files), rules));
    });
    log::info("leaf user {}: operations {} created, {} updated, {} deleted", leaf_user_id, outcome.created.size(),
              outcome.updated.size(), outcome.deleted.size());
}

void give_up_match_user(Context&, const std::string& leaf_user_id, const std::string& error) {
    log::error("leaf user {}: giving up matching files to fields: {}", leaf_user_id, error);
}

} // namespace furrow::pipeline::operations
