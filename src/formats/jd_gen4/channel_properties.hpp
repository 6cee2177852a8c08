#pragma once
// Which standard property a .jdl value channel feeds. The channel's ISO 11783-11 DDI (setup field
// 7) says what it measures, through the same public table the ISOXML reader uses
// (isoxml/ddi.cpp); the channel's own unit text and scale (fields 4, 5) say how its values are
// stored, so the unit comes from the file, not from the DDI's standard resolution.
#include "formats/jd_gen4/jdl_setup.hpp"
#include "schema/property_registry.hpp"
#include "schema/units.hpp"

#include <optional>
#include <string_view>

namespace furrow::formats::jd_gen4 {

struct ChannelProperty {
    schema::PropertyId property;
    const schema::Unit* unit;
    std::uint8_t rank; // among channels feeding one property, the lower rank wins (then setup order)
};

// nullopt for channels that feed no property (no DDI, a DDI without a property, or a unit text
// furrow does not know, which the reader reports).
std::optional<ChannelProperty> property_of(const ChannelDef& channel);

// The furrow unit (schema/units.hpp) for a .jdl unit text ("bu1ac-1" -> "bu/ac"); nullptr if unknown.
const schema::Unit* unit_of(std::string_view jdl_unit);

} // namespace furrow::formats::jd_gen4
