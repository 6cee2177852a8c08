#pragma once
// The XML of GreenStar RCD folders (.fdl logs, setup catalogues): element names carry namespace
// prefixes ("rcdsetup:Field"); the meaning is in the local part. Shared by fdl_log.cpp and
// setup_boundaries.cpp.
#include <pugixml.hpp>

#include <string_view>

namespace furrow::formats::jd_greenstar {

inline std::string_view local_name(const pugi::xml_node& node) {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The first child whose local name is `name`; an empty node when there is none.
inline pugi::xml_node child_named(const pugi::xml_node& node, std::string_view name) {
    for (const auto c : node.children())
        if (local_name(c) == name) return c;
    return {};
}

} // namespace furrow::formats::jd_greenstar
