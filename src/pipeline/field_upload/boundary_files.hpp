#pragma once
// The boundary files of a field upload (POST /services/uploadservice/api/upload): which entries of
// the zip are shapefiles, GeoJSON or KML/KMZ, and their features as WGS84 GeoJSON geometries. Read
// with GDAL/OGR, which also reprojects a shapefile by its .prj. A display's setup card (a format
// with boundaries(), formats/format.hpp: the GreenStar 3 card's field boundaries) is one more file.
#include "formats/bundle.hpp"
#include "formats/format.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace furrow::pipeline::field_upload {

struct BoundaryFile {
    std::string path;                // the main entry: .shp, .geojson/.json, .kml or .kmz
    std::string converter_format;    // Leaf's names: SHAPEFILE, GEOJSON, KML
    std::vector<std::string> entries; // every zip entry it is made of (a shapefile's .shx, .dbf, .prj, .cpg)
    std::string missing;             // for a shapefile without its .shx or .dbf: which; else empty
    const formats::Format* format = nullptr; // a setup card: the format whose boundaries() reads it
    formats::Dataset dataset;                // ... and the card as that format detected it
};

// In zip order, setup cards last. Directories of the zip do not matter; macOS resource forks (__MACOSX/, "._x") are
// skipped.
std::vector<BoundaryFile> find_boundary_files(const formats::Bundle& bundle);

struct BoundaryFeature {
    std::optional<std::string> name; // the feature's `name` attribute (any case), if it has one
    nlohmann::json geometry;          // GeoJSON (Multi)Polygon in WGS84, 2D; null when there is none
    std::string problem;              // why `geometry` is null (e.g. "a LineString is not a polygon")
};

// Every feature of every layer. Throws Error(corrupt_file, "<path>: ...") when the file is not
// readable as its format at all, or has no coordinate system GDAL can transform to WGS84.
std::vector<BoundaryFeature> read_boundary_features(const formats::Bundle& bundle, const BoundaryFile& file);

} // namespace furrow::pipeline::field_upload
