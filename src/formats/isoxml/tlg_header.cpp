// parse_tlg_header() (declared in tlg_decoder.hpp); kept apart so the binary decoder and its fuzzer
// need no XML library.
#include "core/error.hpp"
#include "core/strings.hpp"
#include "formats/isoxml/ddi.hpp"
#include "formats/isoxml/tlg_decoder.hpp"
#include "formats/isoxml/xml_util.hpp"

#include <fmt/format.h>

#include <charconv>

namespace furrow::formats::isoxml {
namespace {

[[noreturn]] void bad_value(std::string_view name, std::string_view attribute, std::string_view value) {
    throw Error(ErrorCode::corrupt_file,
                fmt::format("isoxml: {}: {} is neither empty nor a number: '{}'", name, attribute, value));
}

HeaderField number_field(const pugi::xml_node& node, const char* attribute, std::string_view name) {
    const auto attr = node.attribute(attribute);
    if (!attr) return {};
    const std::string text = trim(attr.value());
    if (text.empty()) return {FieldMode::binary, 0};
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        bad_value(name, fmt::format("{}/{}", node.name(), attribute), text);
    return {FieldMode::fixed, value};
}

HeaderField start_field(const pugi::xml_node& tim, std::string_view name) {
    const auto attr = tim.attribute("A");
    if (!attr) return {};
    const std::string text = trim(attr.value());
    if (text.empty()) return {FieldMode::binary, 0};
    const auto time = parse_iso8601(text);
    if (!time) bad_value(name, "TIM/A", text);
    return {FieldMode::fixed, static_cast<double>(*time)};
}

} // namespace

TlgHeader parse_tlg_header(std::string_view xml, std::string_view name) {
    pugi::xml_document doc;
    detail::load_xml(doc, xml, name);
    const pugi::xml_node tim = doc.document_element();
    if (std::string_view(tim.name()) != "TIM")
        throw Error(ErrorCode::corrupt_file, fmt::format("isoxml: {}: root element is <{}>, not <TIM>", name, tim.name()));

    TlgHeader header;
    header.start = start_field(tim, name);
    static constexpr std::array<const char*, ptn_field_count> ptn_attributes = {"A", "B", "C", "D", "E",
                                                                                "F", "G", "H", "I"};
    if (const pugi::xml_node ptn = tim.child("PTN"))
        for (std::size_t field = 0; field < ptn_field_count; ++field)
            header.ptn[field] = number_field(ptn, ptn_attributes[field], name);
    for (const pugi::xml_node dlv : tim.children("DLV")) {
        // An unreadable DDI keeps its place: the binary refers to DLVs by position.
        header.dlvs.push_back({parse_ddi(trim(dlv.attribute("A").value())).value_or(0xFFFF), dlv.attribute("C").value()});
    }
    return header;
}

} // namespace furrow::formats::isoxml
