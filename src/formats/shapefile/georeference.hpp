#pragma once
// Where a feature is, in WGS84 lon/lat: a point as it is, a swath polygon by its centroid plus its
// geodesic area. Reprojects from the layer's .prj; without one, lon/lat is assumed only when every
// coordinate could be lon/lat.
#include "formats/shapefile/ogr_handles.hpp"

#include <geodesic.h>

#include <string>

namespace furrow::formats::shapefile {

struct Located {
    double lon, lat;
    double area_m2; // NaN for points
};

class Georeference {
public:
    // `source` is the layer's SRS (nullptr: the shapefile has no usable .prj). Throws
    // Error(corrupt_file) when GDAL cannot build a transformation to WGS84.
    Georeference(OGRSpatialReferenceH source, std::string entry_name);
    // Throws Error(corrupt_file) for coordinates that are not lon/lat when there is no .prj, and
    // Error(unsupported_format) for lines (not machine data). A feature without geometry gets a NaN
    // position, so the pipeline counts it among the dropped points instead of it vanishing here.
    Located locate(OGRGeometryH geometry) const;

private:
    void check_lon_lat(OGRGeometryH geometry) const;
    void to_wgs84(double& x, double& y) const;
    double geodesic_area(OGRGeometryH geometry) const;
    double ring_area(OGRGeometryH ring) const;

    std::string m_entry_name;
    ogr::SrsPtr m_wgs84;
    ogr::TransformPtr m_transform; // nullptr: coordinates are WGS84 lon/lat already
    bool m_assume_lon_lat = false;    // no .prj
    geod_geodesic m_geod{};
};

} // namespace furrow::formats::shapefile
