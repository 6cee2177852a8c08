#pragma once
// Owning handles for the GDAL/OGR C API objects the raster writers use, so every exit path frees
// them. (The shapefile reader has its own set in formats/; outputs must not depend on formats.)
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <memory>
#include <type_traits>

namespace furrow::outputs::raster::gdal {

struct DatasetClose { void operator()(GDALDatasetH h) const { GDALClose(h); } };
struct SrsRelease { void operator()(OGRSpatialReferenceH h) const { OSRRelease(h); } };
struct TransformDestroy { void operator()(OGRCoordinateTransformationH h) const { OCTDestroyCoordinateTransformation(h); } };
struct CplFree { void operator()(char* p) const { CPLFree(p); } };

using DatasetPtr = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, DatasetClose>;
using SrsPtr = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsRelease>;
using TransformPtr = std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformDestroy>;
using CplString = std::unique_ptr<char, CplFree>;

// An SRS from an EPSG code, with x = easting/longitude whatever the CRS's official axis order.
SrsPtr srs_from_epsg(int epsg);

} // namespace furrow::outputs::raster::gdal
