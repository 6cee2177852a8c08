#pragma once
// John Deere GreenStar 2 (2600) and GreenStar 3 (2630) display data: an RCD folder of .fdl (XML
// setup and column descriptions) + .fdd (EvenByteDelta binary) logs, one machine file per .fdl.
#include "formats/format.hpp"

namespace furrow::formats::jd_greenstar {

Format gs2_format(); // RCD/*.fdl + *.fdd (the 2600 writes them straight into RCD/)
Format gs3_format(); // RCD/EIC/global.ver; logs under RCD/EIC/Documentation/<xx>/

} // namespace furrow::formats::jd_greenstar
