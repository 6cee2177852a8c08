#pragma once
// `furrow convert --images`: the three image outputs of one machine file, each in its folder with
// a JSON list shaped like Leaf's answer (a `file` name instead of `url`):
//   images/<property>.png (+ .png.aux.xml)   images.json    [{property, ramp, file}]
//   imagesV2/<property>.png (+ .png.aux.xml) imagesV2.json  [{property, legend, extent, file}]
//   geotiffImages/<property>.tif             geotiffImages.json [{property, file}]
#include "schema/point_table.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace furrow::app {

// Writes them under `dir`; returns {images, imagesV2, geotiffImages} counts and the render time.
nlohmann::json write_image_outputs(const schema::PointTable& points, const std::filesystem::path& dir);

} // namespace furrow::app
