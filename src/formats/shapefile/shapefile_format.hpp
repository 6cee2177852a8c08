#pragma once
#include "formats/format.hpp"

namespace furrow::formats::shapefile {

// ESRI shapefiles from John Deere Operations Center, SMS, Trimble AgGPS and other exporters.
Format format();

} // namespace furrow::formats::shapefile
