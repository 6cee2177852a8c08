#include "unit/outputs/raster/gdal_read.hpp"

#include <ogr_srs_api.h>

#include <cmath>
#include <stdexcept>

namespace furrow::testing {
namespace {

struct SrsRelease { void operator()(OGRSpatialReferenceH h) const { OSRRelease(h); } };
struct TransformDestroy { void operator()(OGRCoordinateTransformationH h) const { OCTDestroyCoordinateTransformation(h); } };
using Srs = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsRelease>;
using Transform = std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformDestroy>;

Srs wgs84() {
    Srs srs(OSRNewSpatialReference(nullptr));
    OSRImportFromEPSG(srs.get(), 4326);
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

// The raster's SRS, x = easting.
Srs raster_srs(GDALDatasetH raster) {
    OGRSpatialReferenceH own = GDALGetSpatialRef(raster);
    if (own == nullptr) throw std::runtime_error("raster has no SRS");
    Srs srs(OSRClone(own));
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

std::array<double, 6> geotransform(GDALDatasetH raster) {
    std::array<double, 6> gt{};
    if (GDALGetGeoTransform(raster, gt.data()) != CE_None) throw std::runtime_error("raster has no geotransform");
    return gt;
}

} // namespace

Raster open_raster(const std::filesystem::path& file) {
    GDALAllRegister();
    Raster raster(GDALOpen(file.c_str(), GA_ReadOnly));
    if (!raster) throw std::runtime_error("GDAL cannot open " + file.string());
    return raster;
}

Pixel pixel_of(GDALDatasetH raster, double lon, double lat) {
    const auto from = wgs84();
    const auto to = raster_srs(raster);
    Transform transform(OCTNewCoordinateTransformation(from.get(), to.get()));
    double x = lon, y = lat;
    if (!transform || !OCTTransform(transform.get(), 1, &x, &y, nullptr)) throw std::runtime_error("cannot transform");
    auto gt = geotransform(raster);
    std::array<double, 6> inverse{};
    if (!GDALInvGeoTransform(gt.data(), inverse.data())) throw std::runtime_error("geotransform not invertible");
    double col = 0, row = 0;
    GDALApplyGeoTransform(inverse.data(), x, y, &col, &row);
    return {static_cast<int>(std::floor(col)), static_cast<int>(std::floor(row))};
}

bool inside(GDALDatasetH raster, Pixel p) {
    return p.col >= 0 && p.row >= 0 && p.col < GDALGetRasterXSize(raster) && p.row < GDALGetRasterYSize(raster);
}

std::array<double, 2> lon_lat_of(GDALDatasetH raster, double col, double row) {
    auto gt = geotransform(raster);
    double x = 0, y = 0;
    GDALApplyGeoTransform(gt.data(), col, row, &x, &y);
    const auto from = raster_srs(raster);
    const auto to = wgs84();
    Transform transform(OCTNewCoordinateTransformation(from.get(), to.get()));
    if (!transform || !OCTTransform(transform.get(), 1, &x, &y, nullptr)) throw std::runtime_error("cannot transform");
    return {x, y};
}

std::array<int, 4> rgba_at(GDALDatasetH raster, Pixel p) {
    if (!inside(raster, p)) throw std::runtime_error("pixel outside the raster");
    std::array<int, 4> out{};
    for (int band = 0; band < 4; ++band) {
        unsigned char v = 0;
        if (GDALRasterIO(GDALGetRasterBand(raster, band + 1), GF_Read, p.col, p.row, 1, 1, &v, 1, 1, GDT_Byte, 0, 0) != CE_None)
            throw std::runtime_error("cannot read a pixel");
        out[band] = v;
    }
    return out;
}

double value_at(GDALDatasetH raster, Pixel p) {
    if (!inside(raster, p)) throw std::runtime_error("pixel outside the raster");
    double v = 0;
    if (GDALRasterIO(GDALGetRasterBand(raster, 1), GF_Read, p.col, p.row, 1, 1, &v, 1, 1, GDT_Float64, 0, 0) != CE_None)
        throw std::runtime_error("cannot read a pixel");
    return v;
}

std::string authority_code(GDALDatasetH raster) {
    const char* code = OSRGetAuthorityCode(GDALGetSpatialRef(raster), nullptr);
    return code ? code : "";
}

} // namespace furrow::testing
