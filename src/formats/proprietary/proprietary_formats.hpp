#pragma once
// Closed binary formats: detected, never converted (no public description exists). Each returns
// its Format value for the list in formats/registry.cpp.
#include "formats/format.hpp"

namespace furrow::formats::proprietary {

Format climate_dat();
Format precision_planting_2020();
Format cnhi_cn1();
Format agleader_yld();
Format agleader_ilf();
Format agleader_agdata();
Format trimble_agdata();
Format raven_jdp();

} // namespace furrow::formats::proprietary
