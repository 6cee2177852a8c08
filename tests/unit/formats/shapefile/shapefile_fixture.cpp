#include "unit/formats/shapefile/shapefile_fixture.hpp"

#include "formats/shapefile/shapefile_format.hpp"

#include <gdal.h>
#include <ogr_srs_api.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace furrow::formats::shapefile::testing {
namespace fs = std::filesystem;

void write_shapefile(const fs::path& dir, const Fixture& fixture) {
    GDALAllRegister();
    GDALDriverH driver = GDALGetDriverByName("ESRI Shapefile");
    GDALDatasetH ds = GDALCreate(driver, (dir / (fixture.base + ".shp")).c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (ds == nullptr) throw std::runtime_error("fixture: cannot create shapefile");
    OGRSpatialReferenceH srs = nullptr;
    if (fixture.epsg) {
        srs = OSRNewSpatialReference(nullptr);
        OSRImportFromEPSG(srs, *fixture.epsg);
    }
    OGRwkbGeometryType type = wkbPoint;
    if (!fixture.features.empty()) {
        OGRGeometryH g = nullptr;
        char* wkt = const_cast<char*>(fixture.features.front().wkt.c_str());
        OGR_G_CreateFromWkt(&wkt, nullptr, &g);
        type = OGR_G_GetGeometryType(g);
        OGR_G_DestroyGeometry(g);
    }
    OGRLayerH layer = GDALDatasetCreateLayer(ds, fixture.base.c_str(), srs, type, nullptr);
    for (const auto& f : fixture.fields) {
        OGRFieldDefnH defn = OGR_Fld_Create(f.name.c_str(), f.type);
        if (f.width > 0) OGR_Fld_SetWidth(defn, f.width);
        if (f.precision > 0) OGR_Fld_SetPrecision(defn, f.precision);
        OGR_L_CreateField(layer, defn, TRUE);
        OGR_Fld_Destroy(defn);
    }
    for (const auto& feature : fixture.features) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        for (std::size_t field_idx = 0; field_idx < feature.values.size(); ++field_idx)
            if (!feature.values[field_idx].empty()) OGR_F_SetFieldString(f, static_cast<int>(field_idx), feature.values[field_idx].c_str());
        OGRGeometryH g = nullptr;
        char* wkt = const_cast<char*>(feature.wkt.c_str());
        if (!feature.wkt.empty()) OGR_G_CreateFromWkt(&wkt, nullptr, &g);
        if (g != nullptr) OGR_F_SetGeometryDirectly(f, g);
        const OGRErr written = OGR_L_CreateFeature(layer, f);
        OGR_F_Destroy(f);
        if (written != OGRERR_NONE) throw std::runtime_error("fixture: cannot write a feature");
    }
    GDALClose(ds);
    if (srs != nullptr) OSRRelease(srs);
}

void overflow_dbf_value(const fs::path& dbf, int record, int field) {
    std::fstream file(dbf, std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto u16 = [&](std::size_t at) { return static_cast<unsigned char>(bytes[at]) | static_cast<unsigned char>(bytes[at + 1]) << 8; };
    const std::size_t header = u16(8), record_size = u16(10);
    std::size_t offset = 1; // deletion flag
    for (int field_idx = 0; field_idx < field; ++field_idx) offset += static_cast<unsigned char>(bytes[32 + 32 * field_idx + 16]);
    const std::size_t width = static_cast<unsigned char>(bytes[32 + 32 * field + 16]);
    file.seekp(static_cast<std::streamoff>(header + record_size * static_cast<std::size_t>(record) + offset));
    file << std::string(width, '*');
}

void zip_dir(const fs::path& dir, const fs::path& zip, const furrow::testing::ZipEntries& extra) {
    furrow::testing::ZipEntries entries = extra;
    for (const auto& file : fs::directory_iterator(dir)) {
        std::ifstream in(file.path(), std::ios::binary);
        entries.emplace_back(file.path().filename().string(), std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    }
    furrow::testing::write_zip(zip, entries);
}

schema::MachineData read_zip(const fs::path& zip) {
    const auto bundle = Bundle::open(zip, BundleLimits{});
    const Format f = format();
    const auto datasets = f.detect(bundle);
    if (datasets.size() != 1) throw std::runtime_error("fixture: expected one shapefile data set");
    return f.read(bundle, datasets.front());
}

} // namespace furrow::formats::shapefile::testing
