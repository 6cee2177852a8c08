#pragma once
// What TASKDATA.XML says about one task, as SourceInfo: operation, crops, products, machinery,
// operators, customer/farm/field, task name and the totals the machine reported (TSK/TIM/DLV).
#include "formats/isoxml/point_builder.hpp"
#include "formats/isoxml/taskdata.hpp"
#include "schema/machine_data.hpp"

namespace furrow::formats::isoxml {

schema::SourceInfo describe_task(const TaskData& td, const Task& task, const LoggedData& logged);

// Task totals: for each totals DDI the value of the latest TIM that has it (TIM totals are
// cumulative over the task), from the DLV on the element nearest the device level.
nlohmann::json reported_totals(const TaskData& td, const Task& task);

} // namespace furrow::formats::isoxml
