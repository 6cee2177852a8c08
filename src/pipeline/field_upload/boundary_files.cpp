#include "pipeline/field_upload/boundary_files.hpp"

#include "core/error.hpp"
#include "formats/registry.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace furrow::pipeline::field_upload {
namespace {

namespace fs = std::filesystem;

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

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view file_name_of(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool skipped(std::string_view path) {
    return path.starts_with("__MACOSX/") || path.find("/__MACOSX/") != std::string_view::npos ||
           file_name_of(path).starts_with("._");
}

std::string suffix_of(std::string_view path) {
    const auto name = file_name_of(path);
    const auto dot = name.rfind('.');
    return dot == std::string_view::npos ? std::string() : lower(name.substr(dot));
}

// The path without its suffix, lower-cased: the key that ties a shapefile's members together.
std::string stem_key(std::string_view path) {
    const auto dot = path.rfind('.');
    return lower(dot == std::string_view::npos ? path : path.substr(0, dot));
}

// GDAL reads files, not zip entries: each read gets its own directory, removed on every exit path.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "furrow-boundaries-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw Error(ErrorCode::internal, "field upload: cannot create a scratch directory");
        m_path = pattern;
    }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

class QuietGdalErrors {
public:
    QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

// Copies the file's entries as "data.<suffix>" (one base name whatever the zip's case was) and
// returns the path GDAL opens.
fs::path extract(const formats::Bundle& bundle, const BoundaryFile& file, const fs::path& dir) {
    fs::path main;
    for (const auto& path : file.entries) {
        const auto* entry = bundle.find(path);
        if (entry == nullptr) continue;
        const auto target = dir / ("data" + suffix_of(path));
        bundle.extract(*entry, target);
        if (path == file.path) main = target;
    }
    return main;
}

DatasetPtr open_dataset(const fs::path& path, const BoundaryFile& file) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    const char* const shapefile[] = {"ESRI Shapefile", nullptr};
    const char* const geojson[] = {"GeoJSON", nullptr};
    const char* const kml[] = {"LIBKML", "KML", nullptr};
    const auto* drivers = file.converter_format == "SHAPEFILE" ? shapefile
                          : file.converter_format == "GEOJSON" ? geojson
                                                               : kml;
    DatasetPtr ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    if (!ds)
        throw Error(ErrorCode::corrupt_file,
                    fmt::format("{}: not a readable {} file: {}", file.path, file.converter_format, CPLGetLastErrorMsg()));
    return ds;
}

// The layer's transformation to WGS84 lon/lat, or null when it already is (or says nothing, as
// GeoJSON and KML mean WGS84 then).
TransformPtr to_wgs84(OGRLayerH layer, const BoundaryFile& file) {
    OGRSpatialReferenceH source = OGR_L_GetSpatialRef(layer);
    if (source == nullptr) return nullptr;
    SrsPtr wgs84(OSRNewSpatialReference(nullptr));
    OSRSetWellKnownGeogCS(wgs84.get(), "WGS84");
    OSRSetAxisMappingStrategy(wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);
    SrsPtr copy(OSRClone(source));
    OSRSetAxisMappingStrategy(copy.get(), OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRIsSame(copy.get(), wgs84.get())) return nullptr;
    TransformPtr transform(OCTNewCoordinateTransformation(copy.get(), wgs84.get()));
    if (!transform)
        throw Error(ErrorCode::corrupt_file,
                    fmt::format("{}: its coordinate system cannot be transformed to WGS 84: {}", file.path,
                                CPLGetLastErrorMsg()));
    return transform;
}

std::optional<std::string> name_attribute(OGRFeatureH feature) {
    for (int field_idx = 0; field_idx < OGR_F_GetFieldCount(feature); ++field_idx) {
        const char* column = OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(feature, field_idx));
        if (lower(column) != "name" || !OGR_F_IsFieldSetAndNotNull(feature, field_idx)) continue;
        std::string value = OGR_F_GetFieldAsString(feature, field_idx);
        if (!value.empty()) return value;
    }
    return std::nullopt;
}

// Polygons stay as they are (KML's MultiGeometry of polygons becomes a MultiPolygon); anything else
// is a problem of the feature, not of the file.
BoundaryFeature feature_of(OGRFeatureH feature, OGRCoordinateTransformationH transform) {
    BoundaryFeature out;
    out.name = name_attribute(feature);
    OGRGeometryH geometry = OGR_F_GetGeometryRef(feature);
    if (geometry == nullptr || OGR_G_IsEmpty(geometry)) {
        out.problem = "the feature has no geometry";
        return out;
    }
    GeometryPtr copy(OGR_G_Clone(geometry));
    const auto type = wkbFlatten(OGR_G_GetGeometryType(copy.get()));
    if (type == wkbGeometryCollection) {
        for (int part_idx = 0; part_idx < OGR_G_GetGeometryCount(copy.get()); ++part_idx)
            if (wkbFlatten(OGR_G_GetGeometryType(OGR_G_GetGeometryRef(copy.get(), part_idx))) != wkbPolygon) {
                out.problem = "a GeometryCollection with parts that are not polygons is not a field boundary";
                return out;
            }
        copy.reset(OGR_G_ForceToMultiPolygon(copy.release()));
    } else if (type != wkbPolygon && type != wkbMultiPolygon) {
        out.problem = fmt::format("a {} is not a polygon (NOT_ALLOWED_GEOMETRY_TYPE)", OGR_G_GetGeometryName(copy.get()));
        return out;
    }
    OGR_G_FlattenTo2D(copy.get());
    if (transform != nullptr && OGR_G_Transform(copy.get(), transform) != OGRERR_NONE) {
        out.problem = fmt::format("cannot be transformed to WGS 84: {}", CPLGetLastErrorMsg());
        return out;
    }
    char* text = OGR_G_ExportToJson(copy.get());
    out.geometry = nlohmann::json::parse(text ? text : "null", nullptr, false);
    CPLFree(text);
    if (out.geometry.is_discarded()) {
        out.geometry = nullptr;
        out.problem = "the geometry cannot be written as GeoJSON";
    }
    return out;
}

} // namespace

std::vector<BoundaryFile> find_boundary_files(const formats::Bundle& bundle) {
    std::map<std::string, std::vector<std::string>> by_stem; // a shapefile's members
    for (const auto& entry : bundle.entries())
        if (!skipped(entry.path)) by_stem[stem_key(entry.path)].push_back(entry.path);
    std::vector<BoundaryFile> out;
    for (const auto& entry : bundle.entries()) {
        if (skipped(entry.path)) continue;
        const auto suffix = suffix_of(entry.path);
        BoundaryFile file{entry.path, "", {entry.path}, "", nullptr, {}};
        if (suffix == ".geojson" || suffix == ".json") {
            file.converter_format = "GEOJSON";
        } else if (suffix == ".kml" || suffix == ".kmz") {
            file.converter_format = "KML";
        } else if (suffix == ".shp") {
            file.converter_format = "SHAPEFILE";
            std::vector<std::string> found;
            for (const auto& member : by_stem[stem_key(entry.path)]) {
                const auto member_suffix = suffix_of(member);
                if (member_suffix == ".shx" || member_suffix == ".dbf" || member_suffix == ".prj" ||
                    member_suffix == ".cpg") {
                    file.entries.push_back(member);
                    found.push_back(member_suffix);
                }
            }
            for (const char* required : {".shx", ".dbf"})
                if (std::find(found.begin(), found.end(), required) == found.end())
                    file.missing += std::string(file.missing.empty() ? "" : " and ") + required;
        } else {
            continue;
        }
        out.push_back(std::move(file));
    }
    for (const auto& format : formats::all_formats()) {
        if (format.boundaries == nullptr) continue;
        for (auto& card : format.detect(bundle)) {
            const std::string path = card.key.empty() ? card.marker : card.key;
            BoundaryFile file{path, std::string(format.file_format), card.entries, "", &format, std::move(card)};
            out.push_back(std::move(file));
        }
    }
    return out;
}

std::vector<BoundaryFeature> read_boundary_features(const formats::Bundle& bundle, const BoundaryFile& file) {
    if (file.format != nullptr) {
        std::vector<BoundaryFeature> out;
        for (auto& found : file.format->boundaries(bundle, file.dataset)) {
            BoundaryFeature feature;
            if (!found.name.empty()) feature.name = found.name;
            feature.geometry = std::move(found.geometry);
            if (feature.geometry.is_null()) feature.problem = found.source;
            out.push_back(std::move(feature));
        }
        return out;
    }
    const ScratchDir dir;
    const auto path = extract(bundle, file, dir.path());
    const QuietGdalErrors quiet;
    const auto ds = open_dataset(path, file);
    std::vector<BoundaryFeature> out;
    for (int layer_idx = 0; layer_idx < GDALDatasetGetLayerCount(ds.get()); ++layer_idx) {
        OGRLayerH layer = GDALDatasetGetLayer(ds.get(), layer_idx);
        const auto transform = to_wgs84(layer, file);
        OGR_L_ResetReading(layer);
        for (FeaturePtr feature(OGR_L_GetNextFeature(layer)); feature; feature.reset(OGR_L_GetNextFeature(layer)))
            out.push_back(feature_of(feature.get(), transform.get()));
    }
    return out;
}

} // namespace furrow::pipeline::field_upload
