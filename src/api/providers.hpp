#pragma once
// The provider names of the Leaf API: files-v3.md's upload list plus Farmobile and
// PrecisionPlanting from files-v1.md, which clients still send. One list for uploads and filters.
#include <array>
#include <string_view>

namespace furrow::api {

inline constexpr std::array<std::string_view, 11> providers = {
    "Other",    "Leaf",           "ClimateFieldView", "CNHI",      "JohnDeere",         "Trimble",
    "AgLeader", "RavenSlingshot", "Stara",            "Farmobile", "PrecisionPlanting"};

} // namespace furrow::api
