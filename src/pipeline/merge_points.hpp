#pragma once
// One point set from several machine files' standard points: what a merged file, an automerged
// field operation and a cropped operation are made of.
#include "schema/machine_data.hpp"

#include <cstddef>
#include <utility>
#include <vector>

namespace furrow::pipeline {

// Concatenates the parts, ordered by their first time, each in its own point order (a file's
// swaths are drawn between its consecutive points, so they are not interleaved). A property keeps the
// unit of the first part that has it; later parts are converted to it, or left missing when their
// unit has another dimension (e.g. appliedRate in kg/ha and in L/ha). Source information is the
// union of the parts' (the first part's operation type; crops, machinery, operators deduplicated).
schema::MachineData merge_points(std::vector<schema::MachineData> parts);

// The same merge fed one part at a time, in the order the caller gives (merge_points sorts first):
// a caller that reads parts from storage holds the merged points and one part, never every part at
// once (issue #16: an operation of many files needed all of them twice over).
class PointMerger {
public:
    // Room for this many points in every column, present or added later (no regrowth by copying).
    void reserve(std::size_t points) {
        m_reserved = points;
        m_out.points.reserve(points);
    }
    void add(const schema::MachineData& part);
    schema::MachineData finish() { return std::move(m_out); }

private:
    schema::MachineData m_out;
    std::size_t m_reserved = 0;
};

} // namespace furrow::pipeline
