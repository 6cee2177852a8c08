#pragma once
// The operation type of a tabular source from the standard properties it carries, with the reason
// (shown as the conversion report's operationTypeReason). Harvest properties outrank seeding ones,
// seeding outranks application, application outranks tillage: a yield map may carry the seed rate
// it was planted at, never the other way round.
#include "schema/operation_type.hpp"
#include "schema/point_table.hpp"

#include <optional>

#include <string>

namespace furrow::formats::columns {

struct InferredOperation {
    std::optional<schema::OperationType> type; // none when nothing tells
    std::string reason;
};

InferredOperation infer_operation(const schema::PointTable& points);

} // namespace furrow::formats::columns
