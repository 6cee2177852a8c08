#include "formats/isoxml/xml_util.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace furrow::formats::isoxml::detail {

void load_xml(pugi::xml_document& doc, std::string_view xml, std::string_view name) {
    // encoding_auto also honours an ISO-8859-1 declaration; pugixml hands out UTF-8 either way.
    const pugi::xml_parse_result result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
    if (!result)
        throw Error(ErrorCode::corrupt_file, fmt::format("isoxml: {}: malformed XML: {} at offset {}", name,
                                                         result.description(), result.offset));
    if (!doc.document_element())
        throw Error(ErrorCode::corrupt_file, fmt::format("isoxml: {}: malformed XML: no root element", name));
}

std::string text(const pugi::xml_node& node, const char* attribute) { return node.attribute(attribute).value(); }

std::int64_t integer(const pugi::xml_node& node, const char* attribute, std::int64_t fallback) {
    const std::string value = trim(node.attribute(attribute).value());
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size()) return fallback;
    return out;
}

double decimal(const pugi::xml_node& node, const char* attribute, double fallback) {
    const std::string value = trim(node.attribute(attribute).value());
    double out = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() || !std::isfinite(out)) return fallback;
    return out;
}

} // namespace furrow::formats::isoxml::detail
