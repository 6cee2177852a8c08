#pragma once
// Which field operations a leaf user's files make (contract-facts §7 "Merge rules"): files are
// grouped by operation type, crop and (with splitOperationsByProvider) provider; inside a group,
// files whose time spans come within the merge window of each other form one operation; with
// splitOperationsByField there is one operation per field the files touch. Files that touch no
// field make no operation (they are the user's "uncovered files"). Pure: no store, no I/O.
#include "core/time.hpp"
#include "schema/operation_type.hpp"

#include <optional>

#include <string>
#include <vector>

namespace furrow::pipeline::operations {

struct FieldShare {
    std::string field_id;
    std::string boundary_id;
    double share = 0; // % of the file's points inside the field
};

struct PlanFile {
    std::string id;
    std::optional<schema::OperationType> type; // a file with none makes no operation
    std::string crop;
    std::string provider;
    TimeMs start = 0;
    TimeMs end = 0;
    std::vector<FieldShare> fields; // only the fields the file is linked to (share above the threshold)
    bool all_inside = false;        // no point of the file is outside every field
};

struct PlanRules {
    double merge_range_days = 5;
    double merge_range_harvested_days = 21;
    bool split_by_field = true;
    bool split_by_provider = true;
};

struct PlannedOperation {
    schema::OperationType type = schema::OperationType::harvested;
    std::string crop;
    std::string provider;                // "" unless split by provider
    std::string field_id;                // "" unless split by field
    std::vector<std::string> file_ids;   // by start time
    std::vector<FieldShare> fields;      // the fields it is linked to (one when split by field)
    bool needs_crop = false;             // split by field and some point falls outside the field
};

std::vector<PlannedOperation> plan_operations(std::vector<PlanFile> files, const PlanRules& rules);

} // namespace furrow::pipeline::operations
