#include "pipeline/operations/operation_plan.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace furrow::pipeline::operations {
namespace {

constexpr TimeMs day_ms = 24LL * 3600 * 1000;

// Files of one group, by start time, cut where the next file starts more than the window after
// everything so far has ended.
std::vector<std::vector<const PlanFile*>> time_windows(std::vector<const PlanFile*> files, TimeMs window) {
    std::sort(files.begin(), files.end(), [](const PlanFile* a, const PlanFile* b) {
        return std::tie(a->start, a->id) < std::tie(b->start, b->id);
    });
    std::vector<std::vector<const PlanFile*>> out;
    TimeMs cluster_end = 0;
    for (const auto* f : files) {
        if (out.empty() || f->start > cluster_end + window) {
            out.emplace_back();
            cluster_end = f->end;
        }
        out.back().push_back(f);
        cluster_end = std::max(cluster_end, f->end);
    }
    return out;
}

void add_unique_field(std::vector<FieldShare>& fields, const FieldShare& share) {
    for (const auto& f : fields)
        if (f.field_id == share.field_id) return;
    fields.push_back(share);
}

} // namespace

std::vector<PlannedOperation> plan_operations(std::vector<PlanFile> files, const PlanRules& rules) {
    // Keyed by the type's name, so operations come out in the order of the names (as they always have).
    using GroupKey = std::tuple<std::string_view, std::string, std::string>;
    std::map<GroupKey, std::vector<const PlanFile*>> groups;
    for (const auto& f : files) {
        if (!f.type || f.fields.empty()) continue;
        groups[{schema::to_string(*f.type), f.crop, rules.split_by_provider ? f.provider : std::string()}].push_back(&f);
    }
    std::vector<PlannedOperation> out;
    for (const auto& [key, members] : groups) {
        const auto& [type_name, crop, provider] = key;
        const schema::OperationType type = *members.front()->type;
        const double days = type == schema::OperationType::harvested ? rules.merge_range_harvested_days : rules.merge_range_days;
        for (const auto& cluster : time_windows(members, static_cast<TimeMs>(days * static_cast<double>(day_ms)))) {
            if (!rules.split_by_field) {
                PlannedOperation op{type, crop, provider, "", {}, {}, false};
                for (const auto* f : cluster) {
                    op.file_ids.push_back(f->id);
                    for (const auto& share : f->fields) add_unique_field(op.fields, share);
                }
                out.push_back(std::move(op));
                continue;
            }
            // One operation per field, in the order the fields first appear.
            std::vector<PlannedOperation> per_field;
            for (const auto* f : cluster) {
                for (const auto& share : f->fields) {
                    auto it = std::find_if(per_field.begin(), per_field.end(),
                                           [&](const PlannedOperation& op) { return op.field_id == share.field_id; });
                    if (it == per_field.end()) {
                        per_field.push_back({type, crop, provider, share.field_id, {}, {share}, false});
                        it = std::prev(per_field.end());
                    }
                    it->file_ids.push_back(f->id);
                    if (!f->all_inside || f->fields.size() > 1) it->needs_crop = true;
                }
            }
            for (auto& op : per_field) out.push_back(std::move(op));
        }
    }
    return out;
}

} // namespace furrow::pipeline::operations
