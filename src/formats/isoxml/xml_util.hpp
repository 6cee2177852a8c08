#pragma once
// pugixml helpers shared by the ISOXML readers.
#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace furrow::formats::isoxml::detail {

// Parses `xml` into `doc`; throws Error(corrupt_file, "isoxml: <name>: malformed XML: <what> at
// offset <n>") with pugixml's description.
void load_xml(pugi::xml_document& doc, std::string_view xml, std::string_view name);

// Attribute text ("" when absent).
std::string text(const pugi::xml_node& node, const char* attribute);
// Attribute as an integer; `fallback` when absent or not an integer.
std::int64_t integer(const pugi::xml_node& node, const char* attribute, std::int64_t fallback);
// Attribute as a finite decimal ("0.000100000", "1e-4"); `fallback` when absent or not a number.
double decimal(const pugi::xml_node& node, const char* attribute, double fallback);

} // namespace furrow::formats::isoxml::detail
