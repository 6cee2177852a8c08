#pragma once
#include "formats/format.hpp"

namespace furrow::formats::geojson {

// GeoJSON point exports (Farmobile).
Format format();

} // namespace furrow::formats::geojson
