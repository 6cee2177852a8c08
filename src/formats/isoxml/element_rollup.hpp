#pragma once
// Issue 15 point 5: a rate controller may log a value on its child elements (sections, bins,
// sub-devices) while its device element logs nothing or 0. One property's DDI is then read over the
// device's element tree, from the device element down:
//
// - An element's own value wins when it is known and not 0 (a work state: when it is known at all).
//   A 0 or missing value is replaced by its children's values, each found the same way, when any
//   child has one.
// - Children that are sections or units (DET type 4, 5) lie side by side across the working width.
//   Only those working count (their own 0x008D Actual Work State; a section without one counts as
//   working): rates and other values are the mean weighted by each section's width (its 0x0043
//   Actual Working Width, else its DPT 0x0043 / 0x0046; equal weights when any width is unknown);
//   a width is the sum of the working sections' widths; when every section is off, rates and widths
//   are 0 (nothing applied) and other values the plain mean of all.
// - Other children (bins, functions, sub-devices: type 2, 3, ...) feed the same ground at once:
//   application and seed rates add up (two bins of one spreader, two products of one tank mix),
//   widths take the largest, other values the plain mean.
// - A work state is on when any child's is on.
// Condensed work states on a parent are not mapped to its sections: which bit belongs to which
// section element is not established from public sources (docs/formats/isoxml.md).
#include "formats/isoxml/ddi.hpp"
#include "formats/isoxml/taskdata.hpp"
#include "formats/isoxml/tlg_decoder.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::isoxml {

// How children's values combine into their parent's, by the property they feed.
enum class RollupRule : std::uint8_t { rate, width, work_state, mean };
RollupRule rollup_rule(schema::PropertyId property);

class ElementRollup {
public:
    // The tree of `mapping`'s DDI under the device element of `element_id`'s device, over the
    // elements that log it in `headers`; nullopt when fewer than two of its elements log it (there
    // is nothing to combine) or TASKDATA.XML does not describe the device.
    static std::optional<ElementRollup> build(const TaskData& td, const DdiMapping& mapping, std::string_view element_id,
                                              std::span<const TlgHeader* const> headers);

    // Finds this log's DLVs of each element; call before value() for every log.
    void bind(const TlgHeader& header);
    // The device element's value in `mapping`'s unit from the last known raw value of each DLV;
    // NaN when nothing is known. `from_children` is set when children's values replaced a logged 0
    // or were combined (not when the one child that logs it stands in for a silent parent).
    double value(std::span<const std::int32_t> last, std::span<const std::uint8_t> known, bool& from_children) const;
    bool contains(std::string_view element_id) const;
    // The same for one element of the tree (a bin that applies one product); NaN if not in the tree.
    double value_at(std::string_view element_id, std::span<const std::int32_t> last,
                    std::span<const std::uint8_t> known) const;

private:
    struct Node {
        std::string element_id;
        bool side_by_side = false; // a section or unit: part of the working width
        double fixed_width = 0;    // DPT 0x0043 / 0x0046 in mm; 0 = none
        std::vector<std::size_t> children;
        // In the log bound last: the DLV of the value, of 0x0043 and of 0x008D on this element.
        std::optional<std::size_t> value_dlv, width_dlv, state_dlv;
    };
    struct Reading {
        std::span<const std::int32_t> last;
        std::span<const std::uint8_t> known;
        bool from_children = false;
    };

    ElementRollup(const DdiMapping& mapping, RollupRule rule) : m_mapping(&mapping), m_rule(rule) {}
    double evaluate(std::size_t node_idx, Reading& reading) const;
    double combine_side_by_side(const std::vector<std::size_t>& children, const std::vector<double>& values,
                                Reading& reading) const;
    double combine_streams(const std::vector<double>& values) const;
    double width_of(const Node& node, const Reading& reading) const;
    bool is_working(const Node& node, const Reading& reading) const;

    const DdiMapping* m_mapping;
    RollupRule m_rule;
    std::vector<Node> m_nodes; // [0] = the device element
};

} // namespace furrow::formats::isoxml
