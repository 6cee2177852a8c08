#pragma once
// Rasters to files with GDAL. PNG has no place for georeferencing, so the PNG is made with
// CreateCopy from an in-memory (MEM) raster and GDAL's PAM writes `<name>.png.aux.xml` beside it
// with the SRS and geotransform (Leaf: "append .aux.xml to the png url"). GeoTIFFs carry theirs.
#include "outputs/raster/grid.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <vector>

namespace furrow::outputs::raster {

// GeoTIFF no-data: the lowest float, which no agronomic value reaches (GIS tools know it).
inline constexpr float geotiff_nodata = std::numeric_limits<float>::lowest();

// `rgba`: 4 bytes a cell, row-major, top row first. Writes `path` and `path`.aux.xml.
void write_rgba_png(const std::filesystem::path& path, const GridSpec& grid, const std::vector<std::uint8_t>& rgba);
// One Float32 band, NaN cells written as geotiff_nodata; tiled, DEFLATE with the float predictor.
void write_float_geotiff(const std::filesystem::path& path, const GridSpec& grid, std::vector<float> cells);

} // namespace furrow::outputs::raster
