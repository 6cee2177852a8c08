#include "formats/columns/operation_inference.hpp"

#include "schema/machine_data.hpp"

#include <array>
#include <utility>

namespace furrow::formats::columns {

InferredOperation infer_operation(const schema::PointTable& points) {
    constexpr std::array<std::pair<schema::OpTypes, const char*>, 4> ranked = {{
        {schema::op_harvested, schema::op_type_harvested},
        {schema::op_planted, schema::op_type_planted},
        {schema::op_applied, schema::op_type_applied},
        {schema::op_tillage, schema::op_type_tillage},
    }};
    for (const auto& [bit, type] : ranked)
        for (const auto& column : points.columns()) {
            const auto& info = schema::info(column.id);
            if ((info.op_types & bit) != 0)
                return {type, std::string(type) + ": inferred from the " + std::string(info.key) + " column (a " + type + " property)"};
        }
    return {"", "no column names a harvest, seeding, application or tillage value: converted as positions and times only"};
}

} // namespace furrow::formats::columns
