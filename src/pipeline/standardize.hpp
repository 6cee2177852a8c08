#pragma once
// Raw points in source units -> the standard table, once for every format (DESIGN §5):
// drops points without a valid position, converts every column to its canonical unit, derives
// distance, heading, speed, area and the yield masses/volumes (wet and dry, via the crop table).
// Throws Error with the seeds' messages when the data cannot be a standard operation:
// "unsupported operation type: <type>", "missing required properties: <names>",
// "no points with a valid position".
#include "schema/machine_data.hpp"

#include <cstddef>
#include <optional>

namespace furrow::pipeline {

struct StandardizeReport {
    std::size_t dropped_positions = 0;
    std::optional<std::string> crop; // normalised crop name, when the crop table knows it
};

StandardizeReport standardize(schema::MachineData& data);

// Whether the step from one point to the next is one continuous movement: at most 30 s and at
// most 100 m/s (no farm machine moves faster; faster means a GNSS jump or a relocated logger).
// No area is credited across a discontinuity and no speed is derived over it.
bool is_continuous(double distance_m, TimeMs elapsed_ms);

// Converts every column to the canonical unit of its dimension, in place.
void convert_to_canonical(schema::PointTable& table);

} // namespace furrow::pipeline
