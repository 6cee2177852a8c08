#include "formats/jd_gen4/channel_properties.hpp"

#include "formats/isoxml/ddi.hpp"

#include <array>
#include <utility>

namespace furrow::formats::jd_gen4 {
namespace {

// The unit texts seen in the sample cards' setup messages (UCUM-style: "1" joins factors,
// "-1" is a negative exponent, brackets group a unit with its power).
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> unit_texts = {{
    {"ppm", "ppm"},
    {"prcnt", "percentage"},
    {"bu1ac-1", "bu/ac"},
    {"mg1sec-1", "mg/s"},
    {"km1hr-1", "km/h"},
    {"m1sec-1", "m/s"},
    {"mi1hr-1", "mi/hr"},
    {"l1hr-1", "L/h"},
    {"mg1[m2]-1", "mg/m2"},
    {"kg1ha-1", "kg/ha"},
    {"[mm3]1[m2]-1", "mm3/m2"},
    {"l1ha-1", "L/ha"},
    {"gal1ac-1", "gal/ac"},
    {"seeds1[m2]-1", "seeds/m2"},
    {"seeds1ac-1", "seeds/ac"},
    {"seeds1ha-1", "seeds/ha"},
    {"lb1ac-1", "lb/ac"},
    {"mm", "mm"},
}};

} // namespace

const schema::Unit* unit_of(std::string_view jdl_unit) {
    for (const auto& [text, name] : unit_texts)
        if (text == jdl_unit) return schema::find_unit(name);
    return nullptr;
}

std::optional<ChannelProperty> property_of(const ChannelDef& channel) {
    if (!channel.has_ddi) return std::nullopt;
    const auto* mapping = isoxml::find_point_ddi(static_cast<std::uint16_t>(channel.ddi));
    if (mapping == nullptr || mapping->kind != isoxml::DdiKind::plain) return std::nullopt;
    const schema::Unit* unit = unit_of(channel.unit);
    if (unit == nullptr) return std::nullopt;
    return ChannelProperty{mapping->property, unit, mapping->rank};
}

} // namespace furrow::formats::jd_gen4
