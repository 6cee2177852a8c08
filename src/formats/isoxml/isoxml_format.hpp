#pragma once
#include "formats/format.hpp"

namespace furrow::formats::isoxml {

// ISO 11783-10 TASKDATA (CLAAS, Kuhn, Kverneland, Müller, Teknomika, Topcon, CNHI ISOXML, ...).
Format format();

} // namespace furrow::formats::isoxml
