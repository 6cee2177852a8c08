#include "formats/columns/operation_inference.hpp"

#include "schema/machine_data.hpp"

#include <array>
#include <utility>

namespace furrow::formats::columns {

InferredOperation infer_operation(const schema::PointTable& points) {
    using schema::OperationType;
    constexpr std::array<std::pair<schema::OpTypes, OperationType>, 4> ranked = {{
        {schema::op_harvested, OperationType::harvested},
        {schema::op_planted, OperationType::planted},
        {schema::op_applied, OperationType::applied},
        {schema::op_tillage, OperationType::tillage},
    }};
    for (const auto& [bit, type] : ranked)
        for (const auto& column : points.columns()) {
            const auto& info = schema::info(column.id);
            if ((info.op_types & bit) != 0) {
                const std::string name(schema::to_string(type));
                return {type, name + ": inferred from the " + std::string(info.key) + " column (a " + name + " property)"};
            }
        }
    return {std::nullopt, "no column names a harvest, seeding, application or tillage value: converted as positions and times only"};
}

} // namespace furrow::formats::columns
