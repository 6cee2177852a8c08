#include "formats/isoxml/value_presentation.hpp"

#include "formats/columns/unit_text.hpp"
#include "formats/isoxml/ddi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace furrow::formats::isoxml {
namespace {

constexpr double tolerance = 0.01;

// The DVP of `element`'s process data `ddi` (DOR -> DPD F -> DVP), or nullptr.
const ValuePresentation* presentation_of(const Device& device, const DeviceElement& element, std::uint16_t ddi) {
    for (const auto& process_data : device.process_data) {
        if (process_data.ddi != ddi || process_data.presentation_id == 0) continue;
        const bool own = std::find(element.object_refs.begin(), element.object_refs.end(), process_data.object_id) !=
                         element.object_refs.end();
        if (own) return device.find_presentation(process_data.presentation_id);
    }
    return nullptr;
}

std::string format_scale(double scale) { return fmt::format("{:g}", scale); }

} // namespace

std::vector<std::string> presentation_warnings(const TaskData& td, std::span<const TlgHeader* const> headers) {
    std::vector<std::pair<std::string, std::uint16_t>> checked;
    std::vector<std::string> out;
    for (const auto* header : headers)
        for (const auto& dlv : header->dlvs) {
            const std::pair<std::string, std::uint16_t> key{dlv.element_id, dlv.ddi};
            if (std::find(checked.begin(), checked.end(), key) != checked.end()) continue;
            checked.push_back(key);
            const DdiMapping* mapping = find_point_ddi(dlv.ddi);
            if (mapping == nullptr || (mapping->kind != DdiKind::plain && mapping->kind != DdiKind::running_total)) continue;
            const ElementRef ref = td.find_element(dlv.element_id);
            if (ref.element == nullptr) continue;
            const ValuePresentation* dvp = presentation_of(*ref.device, *ref.element, dlv.ddi);
            if (dvp == nullptr) continue;
            const schema::Unit& dictionary_unit = schema::unit(mapping->unit);
            const schema::Unit* shown = columns::parse_unit(dvp->unit);
            if (shown == nullptr || shown->dimension != dictionary_unit.dimension || dvp->scale == 0) continue;
            // One raw step in the DVP's unit, by the dictionary.
            const double expected = schema::convert(mapping->scale, dictionary_unit, *shown);
            const double ratio = dvp->scale / expected;
            if (std::abs(ratio - 1) <= tolerance) continue;
            out.push_back(fmt::format(
                "device value presentation: {} ({}) {} on {}: the device shows raw x {} {}, the ISO 11783-11 data "
                "dictionary gives raw x {} {} ({}x apart); values are read at the dictionary's scale (a DVP is "
                "display-only, ISO 11783-10)",
                ref.device->id, ref.device->designator, ddi_label(dlv.ddi), dlv.element_id, format_scale(dvp->scale),
                dvp->unit, format_scale(expected), dvp->unit, format_scale(ratio)));
        }
    return out;
}

} // namespace furrow::formats::isoxml
