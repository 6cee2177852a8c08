#pragma once
// Reading rendered rasters back with the GDAL C API, as an independent reader would: the file's
// own SRS and geotransform (from the GeoTIFF, or the PNG's .aux.xml) place a lon/lat in a pixel.
#include <gdal.h>

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <type_traits>

namespace furrow::testing {

struct GdalClose { void operator()(GDALDatasetH h) const { GDALClose(h); } };
using Raster = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, GdalClose>;

Raster open_raster(const std::filesystem::path& file); // fails the test (throws) when GDAL cannot open it

struct Pixel {
    int col, row;
};
// The pixel holding a WGS84 position, via OGR's transform to the raster's SRS and the inverse
// geotransform. May lie outside the raster.
Pixel pixel_of(GDALDatasetH raster, double lon, double lat);
bool inside(GDALDatasetH raster, Pixel p);
// The WGS84 lon/lat of a raster corner (col, row in pixel units, e.g. 0,0 = top left).
std::array<double, 2> lon_lat_of(GDALDatasetH raster, double col, double row);

std::array<int, 4> rgba_at(GDALDatasetH raster, Pixel p);
double value_at(GDALDatasetH raster, Pixel p); // band 1
std::string authority_code(GDALDatasetH raster); // "3857", "32632", ...

} // namespace furrow::testing
