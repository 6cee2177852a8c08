#pragma once
// Turns the decoded logs of one field folder into a machine file's points and source info.
#include "formats/jd_gen4/jdl_streams.hpp"
#include "schema/machine_data.hpp"

#include <vector>

namespace furrow::formats::jd_gen4 {

// One point per receiver sample (5 Hz), placed at the implement (implement_geometry.hpp);
// recordingStatus 1 while the implement works. Value channels are piecewise constant: each point
// takes the channel's last value at or before its time.
schema::MachineData build_machine_data(const std::vector<FileLog>& logs);

// planted / applied / harvested from the DDIs the channels carry (docs/FORMATS.md), or none.
std::optional<schema::OperationType> operation_type_of(const std::vector<FileLog>& logs);

} // namespace furrow::formats::jd_gen4
