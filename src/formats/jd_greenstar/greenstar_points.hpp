#pragma once
// One .fdl's task regions and their decoded .fdd blocks -> a machine file's points and source info.
#include "formats/jd_greenstar/fdd_block.hpp"
#include "formats/jd_greenstar/fdl_log.hpp"
#include "schema/machine_data.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace furrow::formats::jd_greenstar {

struct DecodedRegion {
    const LogRegion* region;
    FddBlock block;
};

// One point per record with a position (a record whose latitude and longitude are both 0 had no
// fix), at the time start + the region's time column (ms). Values come through the column
// catalogue (ADAPT representation codes) in the unit code the .fdl gives; recordingStatus is 1
// while any of the operation's sections records, equipmentWidth the sum of those sections' widths.
schema::MachineData build_machine_data(const std::vector<DecodedRegion>& regions);

// dtiHarvest -> harvested, dtiSeeding -> planted, dtiApplication -> applied, dtiTillage -> tillage.
std::optional<schema::OperationType> operation_type_of(std::string_view operation_class);

} // namespace furrow::formats::jd_greenstar
