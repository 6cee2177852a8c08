#include "formats/shapefile/georeference.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <vector>

namespace furrow::formats::shapefile {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool is_polygonal(OGRwkbGeometryType type) { return type == wkbPolygon || type == wkbMultiPolygon; }

} // namespace

Georeference::Georeference(OGRSpatialReferenceH source, std::string entry_name)
    : m_entry_name(std::move(entry_name)), m_wgs84(OSRNewSpatialReference(nullptr)) {
    OSRSetWellKnownGeogCS(m_wgs84.get(), "WGS84");
    // GDAL 3 follows the CRS's axis order (lat, lon for EPSG:4326); we want x = lon, y = lat.
    OSRSetAxisMappingStrategy(m_wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);
    geod_init(&m_geod, 6378137, 1 / 298.257223563);
    if (source == nullptr) {
        m_assume_lon_lat = true;
        return;
    }
    OSRSetAxisMappingStrategy(source, OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRIsSame(source, m_wgs84.get())) return;
    m_transform.reset(OCTNewCoordinateTransformation(source, m_wgs84.get()));
    if (!m_transform)
        throw Error(ErrorCode::corrupt_file, fmt::format("shapefile: {}: cannot transform its .prj coordinate system to WGS84: {}",
                                                         m_entry_name, CPLGetLastErrorMsg()));
}

Located Georeference::locate(OGRGeometryH geometry) const {
    if (geometry == nullptr || OGR_G_IsEmpty(geometry)) return {nan, nan, nan};
    if (m_assume_lon_lat) check_lon_lat(geometry);
    const auto type = wkbFlatten(OGR_G_GetGeometryType(geometry));
    if (type == wkbPoint) {
        double x = OGR_G_GetX(geometry, 0), y = OGR_G_GetY(geometry, 0);
        to_wgs84(x, y);
        return {x, y, nan};
    }
    if (!is_polygonal(type) && type != wkbMultiPoint)
        throw Error(ErrorCode::unsupported_format,
                    fmt::format("shapefile: {}: {} geometries are not machine data (points or swath polygons)",
                                m_entry_name, OGRGeometryTypeToName(type)));
    // The centroid in the source plane (metres for UTM) is the planar one; then reprojected.
    ogr::GeometryPtr centroid(OGR_G_CreateGeometry(wkbPoint));
    if (OGR_G_Centroid(geometry, centroid.get()) != OGRERR_NONE || OGR_G_IsEmpty(centroid.get())) return {nan, nan, nan};
    double x = OGR_G_GetX(centroid.get(), 0), y = OGR_G_GetY(centroid.get(), 0);
    to_wgs84(x, y);
    return {x, y, is_polygonal(type) ? geodesic_area(geometry) : nan};
}

void Georeference::check_lon_lat(OGRGeometryH geometry) const {
    OGREnvelope e;
    OGR_G_GetEnvelope(geometry, &e);
    if (e.MinX < -180 || e.MaxX > 180 || e.MinY < -90 || e.MaxY > 90)
        throw Error(ErrorCode::corrupt_file,
                    fmt::format("shapefile: {}: no .prj and coordinates are not longitude/latitude", m_entry_name));
}

void Georeference::to_wgs84(double& x, double& y) const {
    if (m_transform && !OCTTransform(m_transform.get(), 1, &x, &y, nullptr)) x = y = nan;
}

double Georeference::geodesic_area(OGRGeometryH geometry) const {
    ogr::GeometryPtr copy(OGR_G_Clone(geometry));
    if (m_transform && OGR_G_Transform(copy.get(), m_transform.get()) != OGRERR_NONE) return nan;
    double area = 0;
    const bool multi = wkbFlatten(OGR_G_GetGeometryType(copy.get())) == wkbMultiPolygon;
    const int polygons = multi ? OGR_G_GetGeometryCount(copy.get()) : 1;
    for (int polygon_idx = 0; polygon_idx < polygons; ++polygon_idx) {
        OGRGeometryH polygon = multi ? OGR_G_GetGeometryRef(copy.get(), polygon_idx) : copy.get();
        for (int ring_idx = 0; ring_idx < OGR_G_GetGeometryCount(polygon); ++ring_idx) {
            const double ring = ring_area(OGR_G_GetGeometryRef(polygon, ring_idx));
            area += ring_idx == 0 ? ring : -ring; // rings after the first are holes
        }
    }
    return area;
}

double Georeference::ring_area(OGRGeometryH ring) const {
    const int n = OGR_G_GetPointCount(ring);
    std::vector<double> lats(static_cast<std::size_t>(n)), lons(static_cast<std::size_t>(n));
    for (int point_idx = 0; point_idx < n; ++point_idx) {
        lons[static_cast<std::size_t>(point_idx)] = OGR_G_GetX(ring, point_idx);
        lats[static_cast<std::size_t>(point_idx)] = OGR_G_GetY(ring, point_idx);
    }
    double area = 0;
    geod_polygonarea(&m_geod, lats.data(), lons.data(), n, &area, nullptr);
    return std::fabs(area);
}

} // namespace furrow::formats::shapefile
