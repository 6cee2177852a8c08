#pragma once
// Owning handles for the GDAL/OGR C API objects the reader uses, so every exit path frees them.
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>

namespace furrow::formats::shapefile::ogr {

struct DatasetClose { void operator()(GDALDatasetH h) const { GDALClose(h); } };
struct FeatureDestroy { void operator()(OGRFeatureH h) const { OGR_F_Destroy(h); } };
struct GeometryDestroy { void operator()(OGRGeometryH h) const { OGR_G_DestroyGeometry(h); } };
struct SrsRelease { void operator()(OGRSpatialReferenceH h) const { OSRRelease(h); } };
struct TransformDestroy { void operator()(OGRCoordinateTransformationH h) const { OCTDestroyCoordinateTransformation(h); } };

using DatasetPtr = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, DatasetClose>;
using FeaturePtr = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDestroy>;
using GeometryPtr = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, GeometryDestroy>;
using SrsPtr = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsRelease>;
using TransformPtr = std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformDestroy>;

// GDAL reports problems through a global handler that prints to stderr; while one of these lives,
// this thread's messages are kept quiet (CPLGetLastErrorMsg still has the last one).
class QuietGdalErrors {
public:
    QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

} // namespace furrow::formats::shapefile::ogr
