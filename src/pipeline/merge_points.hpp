#pragma once
// One point set from several machine files' standard points: what a merged file, an automerged
// field operation and a cropped operation are made of.
#include "schema/machine_data.hpp"

#include <vector>

namespace furrow::pipeline {

// Concatenates the parts, ordered by their first time, each in its own point order (a file's
// swaths are drawn between its consecutive points, so they are not interleaved). A property keeps the
// unit of the first part that has it; later parts are converted to it, or left missing when their
// unit has another dimension (e.g. appliedRate in kg/ha and in L/ha). Source information is the
// union of the parts' (the first part's operation type; crops, machinery, operators deduplicated).
schema::MachineData merge_points(std::vector<schema::MachineData> parts);

} // namespace furrow::pipeline
