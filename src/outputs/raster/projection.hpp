#pragma once
// Points moved into the plane a raster is drawn in. Images (v1 and V2) use Web Mercator
// (EPSG:3857, Leaf's `geoimagesProjection` default, what web maps display); GeoTIFFs use the UTM
// zone of the data, so their cells are square metres on the ground for analysis in a GIS.
#include <cstddef>
#include <utility>
#include <vector>

namespace furrow::outputs::raster {

struct Plane {
    int epsg = 0;
    std::vector<double> x, y; // one per point; NaN where a point cannot be projected
    // Plane units per ground metre near the data: 1/cos(lat) for Web Mercator, the UTM point scale
    // factor (0.9996..~1.001) for UTM, taken at the median point; a field is small enough for one.
    double units_per_metre = 1;
};

// Spherical Mercator in closed form (EPSG:3857 is defined on the sphere of radius 6378137 m).
// Latitudes beyond +-85.0511 (the square world) are clamped to it.
Plane to_web_mercator(const std::vector<double>& lon, const std::vector<double>& lat);
std::pair<double, double> web_mercator_to_lon_lat(double x, double y);

// EPSG code of the WGS84 UTM zone of a position: 326zz north, 327zz south.
int utm_epsg(double lon, double lat);
// The points in the UTM zone of their median position (GDAL/PROJ transform).
Plane to_utm(const std::vector<double>& lon, const std::vector<double>& lat);

} // namespace furrow::outputs::raster
