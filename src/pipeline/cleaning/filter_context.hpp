#pragma once
// What every cleaning filter works on: the standardized points, the settings, the judged value
// (after the flow delay), positions in a local metric plane, and the one `removed_by` vector in
// which a filter marks the points it removes. A filter only marks points still kept, so the first
// filter (in table order) that removes a point is the one recorded.
#include "pipeline/cleaning/cleaning_settings.hpp"
#include "schema/machine_data.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace furrow::pipeline::cleaning::detail {

struct FilterContext {
    const schema::MachineData& data;
    const CleaningSettings& settings;
    std::vector<std::uint8_t>& removed_by;
    std::uint8_t code = 0; // the running filter's code: 1 + its index in the filter table

    std::optional<schema::PropertyId> property; // the judged property, when the file has one
    std::vector<double> values;                 // its values, shifted by the flow delay; empty when none
    std::vector<std::ptrdiff_t> value_source;   // flow delay: point i's flow values come from this point
                                                // (-1: none); empty when nothing was shifted
    std::vector<double> x, y;                   // metres east / north of the points' mean position
    double swath_width = schema::missing;       // median equipmentWidth (m)

    std::size_t size() const { return removed_by.size(); }
    bool kept(std::size_t i) const { return removed_by[i] == 0; }
    void remove(std::size_t i) {
        if (removed_by[i] == 0) removed_by[i] = code;
    }
    // The column's values, or nullptr when the file has none.
    const std::vector<double>* column(schema::PropertyId id) const;
    bool harvest() const { return data.source.operation_type == schema::OperationType::harvested; }
};

FilterContext make_context(const schema::MachineData& data, const CleaningSettings& settings,
                           std::vector<std::uint8_t>& removed_by);

// The property the value filters judge for the file's operation type (harvested: wet yield, else
// dry yield, else wet volume; applied: appliedRate; planted: seedRate; tillage: tillageDepthActual).
std::optional<schema::PropertyId> judged_property(const schema::MachineData& data);

// Smallest difference between two headings, 0..180 degrees.
double heading_difference(double a_deg, double b_deg);

} // namespace furrow::pipeline::cleaning::detail
