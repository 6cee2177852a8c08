#pragma once
// Leaf's image outputs from a file's points (issue #5): pure functions of the point table that
// write files into a directory. docs/OUTPUTS.md describes the three outputs and their rules.
//
// - render_png_images(ImageStyle::ramp): `images` (v1). One RGBA PNG per property, coloured by
//   the fixed ramp over the min..max of the image's cells, transparent where there is no value,
//   with `<property>.png.aux.xml` georeferencing it in EPSG:3857.
// - render_png_images(ImageStyle::quantile): `imagesV2`. The same grid coloured by seven quantile
//   classes of the points' values; `legend` = {ranges:[{colorCode,min,max}]}, `extent` = the
//   image's lon/lat bounds {xmin,xmax,ymin,ymax}. Leaf builds it from the filtered points: the
//   caller passes those.
// - render_geotiffs: `geotiffImages`. One Float32 GeoTIFF per property, cell means in the
//   property's canonical unit, in the UTM zone of the data, no-data where there is no value.
//
// Which properties: every column but recordingStatus (a flag, not a measure) that has at least two
// different finite values on the painted points; a property with no value or one value everywhere
// makes no image (a single colour carries no information and the ramp has no range).
#include "schema/point_table.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace furrow::outputs {

enum class ImageStyle {
    ramp,     // images (v1)
    quantile, // imagesV2
};

struct RenderedImage {
    std::string property;       // Leaf key, e.g. "wetMassPerArea"
    std::filesystem::path file; // <dir>/<property>.png or .tif
    nlohmann::json legend;      // v1: the `ramp` object; V2: {ranges:[...]}; GeoTIFF: null
    nlohmann::json extent;      // PNGs: {xmin,xmax,ymin,ymax} in lon/lat; GeoTIFF: null
};

// Every image output of a file at once. v1 from `v1_points`, V2 and GeoTIFFs from `v2_points`;
// when both are the same table (no filtered points), images and imagesV2 share one rasterisation
// per property. Properties are rendered on every core. An empty directory leaves that output out;
// the others must exist.
struct ImageRequest {
    const schema::PointTable* v1_points = nullptr;
    const schema::PointTable* v2_points = nullptr;
    std::filesystem::path images_dir, images_v2_dir, geotiff_dir;
};
struct RenderedImages {
    std::vector<RenderedImage> images, images_v2, geotiffs; // each in column order
};
RenderedImages render_images(const ImageRequest& request);

// One output on its own (the same images as render_images makes).
// Writes the PNGs (and their .aux.xml) into `dir`, which must exist. Nothing when no point paints.
std::vector<RenderedImage> render_png_images(const schema::PointTable& table, ImageStyle style,
                                             const std::filesystem::path& dir);
// Writes the GeoTIFFs into `dir`, which must exist.
std::vector<RenderedImage> render_geotiffs(const schema::PointTable& table, const std::filesystem::path& dir);

} // namespace furrow::outputs
