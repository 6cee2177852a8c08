#pragma once
// The writers of the output catalogue (catalogue.cpp): one function per output, each writing its
// blob(s) under files/{id}/{the entry's file name} from what its entry says it reads, and returning
// what the file's artifacts keep for it.
#include "pipeline/catalogue.hpp"

namespace furrow::pipeline {

nlohmann::json write_original_zip(const OutputInput& in, const OutputInfo& self);
nlohmann::json write_raw_geojson(const OutputInput& in, const OutputInfo& self);
nlohmann::json write_standard_geojson(const OutputInput& in, const OutputInfo& self);
nlohmann::json write_filtered_geojson(const OutputInput& in, const OutputInfo& self); // + the cleaning's kept points and report
nlohmann::json write_points_geoparquet(const OutputInput& in, const OutputInfo& self);
nlohmann::json write_polygon_geoparquet(const OutputInput& in, const OutputInfo& self); // + {polygons, leftOut}
nlohmann::json write_coverage_geojson(const OutputInput& in, const OutputInfo& self);
// The rendered images of one kind, each as {prefix}{property}.png (+ .aux.xml) or .tif.
nlohmann::json store_images_v1(const OutputInput& in, const OutputInfo& self);
nlohmann::json store_images_v2(const OutputInput& in, const OutputInfo& self);
nlohmann::json store_geotiffs(const OutputInput& in, const OutputInfo& self);
// One zip of every stored image list that has PNGs, each in a folder named after its output.
nlohmann::json write_zipped_pngs(const OutputInput& in, const OutputInfo& self);

} // namespace furrow::pipeline
