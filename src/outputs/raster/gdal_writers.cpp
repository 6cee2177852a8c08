#include "outputs/raster/gdal_writers.hpp"

#include "core/error.hpp"
#include "outputs/raster/gdal_handles.hpp"

#include <cpl_string.h>
#include <fmt/format.h>

#include <cmath>
#include <mutex>

namespace furrow::outputs::raster {
namespace {

GDALDriverH driver(const char* name) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    GDALDriverH found = GDALGetDriverByName(name);
    if (found == nullptr) throw Error(ErrorCode::internal, fmt::format("raster: GDAL has no {} driver", name));
    return found;
}

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
    throw Error(ErrorCode::internal, fmt::format("raster: {}: {}: {}", path.string(), what, CPLGetLastErrorMsg()));
}

// Geotransform and SRS of `grid` onto a dataset.
void georeference(GDALDatasetH ds, const GridSpec& grid, const std::filesystem::path& path) {
    auto transform = grid.geotransform();
    if (GDALSetGeoTransform(ds, transform.data()) != CE_None) fail(path, "cannot set the geotransform");
    const auto srs = gdal::srs_from_epsg(grid.epsg);
    if (GDALSetSpatialRef(ds, srs.get()) != CE_None) fail(path, "cannot set the spatial reference");
}

// zlib level of the PNGs. GDAL's default (6) spent ~3x the CPU of level 2 on a file's 20 images
// for files 15 % smaller (5.2 vs 6.0 MB on 1M points; docs/BENCHMARKS.md); the pixels are the same.
constexpr const char* png_zlib_level = "2";

// DEFLATE level of the GeoTIFFs: level 1 takes a third of the CPU of GDAL's default 6 for files
// ~2 % larger (a 1046 x 701 float yield raster: 30 vs 97 ms, 1.41 vs 1.38 MB).
constexpr const char* geotiff_zlib_level = "1";

// Options for GDAL as a NULL-terminated list that frees itself.
class Options {
public:
    Options& set(const char* key, const char* value) {
        m_list = CSLSetNameValue(m_list, key, value);
        return *this;
    }
    ~Options() { CSLDestroy(m_list); }
    char** get() const { return m_list; }

private:
    char** m_list = nullptr;
};

// PAM must be on for the .aux.xml; it is GDAL's default, this makes it independent of the
// environment (GDAL_PAM_ENABLED=NO) for this thread while the PNG is written.
struct PamOn {
    PamOn() { CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "YES"); }
    ~PamOn() { CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr); }
    PamOn(const PamOn&) = delete;
    PamOn& operator=(const PamOn&) = delete;
};

} // namespace

void write_rgba_png(const std::filesystem::path& path, const GridSpec& grid, const std::vector<std::uint8_t>& rgba) {
    if (rgba.size() != grid.size() * 4) throw Error(ErrorCode::internal, "raster: RGBA buffer does not match the grid");
    gdal::DatasetPtr mem(GDALCreate(driver("MEM"), "", grid.cols, grid.rows, 4, GDT_Byte, nullptr));
    if (!mem) fail(path, "cannot create the in-memory raster");
    georeference(mem.get(), grid, path);
    // Pixel-interleaved buffer: 4 bytes between pixels, 1 between bands.
    int bands[] = {1, 2, 3, 4};
    if (GDALDatasetRasterIO(mem.get(), GF_Write, 0, 0, grid.cols, grid.rows, const_cast<std::uint8_t*>(rgba.data()),
                            grid.cols, grid.rows, GDT_Byte, 4, bands, 4, 4 * static_cast<GSpacing>(grid.cols), 1) != CE_None)
        fail(path, "cannot fill the in-memory raster");
    GDALSetRasterColorInterpretation(GDALGetRasterBand(mem.get(), 4), GCI_AlphaBand);
    {
        const PamOn pam;
        Options options;
        options.set("ZLEVEL", png_zlib_level);
        gdal::DatasetPtr png(GDALCreateCopy(driver("PNG"), path.c_str(), mem.get(), FALSE, options.get(), nullptr, nullptr));
        if (!png) fail(path, "cannot write the PNG");
    } // closing writes the .aux.xml
    if (!std::filesystem::exists(path.string() + ".aux.xml")) fail(path, "GDAL wrote no .aux.xml");
}

void write_float_geotiff(const std::filesystem::path& path, const GridSpec& grid, std::vector<float> cells) {
    if (cells.size() != grid.size()) throw Error(ErrorCode::internal, "raster: cell buffer does not match the grid");
    for (auto& v : cells)
        if (std::isnan(v)) v = geotiff_nodata;
    CPLErrorReset();
    Options options;
    options.set("COMPRESS", "DEFLATE").set("ZLEVEL", geotiff_zlib_level).set("PREDICTOR", "3").set("TILED", "YES");
    gdal::DatasetPtr tif(GDALCreate(driver("GTiff"), path.c_str(), grid.cols, grid.rows, 1, GDT_Float32, options.get()));
    if (!tif) fail(path, "cannot create the GeoTIFF");
    georeference(tif.get(), grid, path);
    GDALRasterBandH band = GDALGetRasterBand(tif.get(), 1);
    if (GDALSetRasterNoDataValue(band, geotiff_nodata) != CE_None) fail(path, "cannot set no-data");
    if (GDALRasterIO(band, GF_Write, 0, 0, grid.cols, grid.rows, cells.data(), grid.cols, grid.rows, GDT_Float32, 0, 0) != CE_None)
        fail(path, "cannot write the cells");
    GDALClose(tif.release()); // flushes; GDAL reports write errors through CPLGetLastErrorType
    if (CPLGetLastErrorType() == CE_Failure) fail(path, "cannot finish the GeoTIFF");
}

} // namespace furrow::outputs::raster
