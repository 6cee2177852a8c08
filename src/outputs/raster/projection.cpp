#include "outputs/raster/projection.hpp"

#include "core/error.hpp"
#include "outputs/raster/gdal_handles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace furrow::outputs::raster {
namespace {

constexpr double earth_radius = 6378137; // EPSG:3857's sphere
constexpr double max_mercator_lat = 85.0511287798066;
constexpr double deg = std::numbers::pi / 180;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The median of the finite values (NaN if none); a copy is partially sorted.
double median(const std::vector<double>& values) {
    std::vector<double> finite;
    finite.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v)) finite.push_back(v);
    if (finite.empty()) return nan;
    auto mid = finite.begin() + static_cast<std::ptrdiff_t>(finite.size() / 2);
    std::nth_element(finite.begin(), mid, finite.end());
    return *mid;
}

} // namespace

namespace gdal {
SrsPtr srs_from_epsg(int epsg) {
    SrsPtr srs(OSRNewSpatialReference(nullptr));
    if (OSRImportFromEPSG(srs.get(), epsg) != OGRERR_NONE)
        throw Error(ErrorCode::internal, fmt::format("raster: PROJ does not know EPSG:{}", epsg));
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}
} // namespace gdal

Plane to_web_mercator(const std::vector<double>& lon, const std::vector<double>& lat) {
    Plane plane;
    plane.epsg = 3857;
    plane.x.resize(lon.size());
    plane.y.resize(lon.size());
    for (std::size_t point = 0; point < lon.size(); ++point) {
        const double phi = std::clamp(lat[point], -max_mercator_lat, max_mercator_lat) * deg;
        plane.x[point] = earth_radius * lon[point] * deg;
        plane.y[point] = earth_radius * std::log(std::tan(std::numbers::pi / 4 + phi / 2));
    }
    const double mid_lat = std::clamp(median(lat), -max_mercator_lat, max_mercator_lat);
    plane.units_per_metre = std::isfinite(mid_lat) ? 1 / std::cos(mid_lat * deg) : 1;
    return plane;
}

std::pair<double, double> web_mercator_to_lon_lat(double x, double y) {
    const double lon = x / earth_radius / deg;
    const double lat = (2 * std::atan(std::exp(y / earth_radius)) - std::numbers::pi / 2) / deg;
    return {lon, lat};
}

int utm_epsg(double lon, double lat) {
    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180) / 6)) + 1, 1, 60);
    return (lat >= 0 ? 32600 : 32700) + zone;
}

Plane to_utm(const std::vector<double>& lon, const std::vector<double>& lat) {
    Plane plane;
    const double mid_lon = median(lon), mid_lat = median(lat);
    if (!std::isfinite(mid_lon) || !std::isfinite(mid_lat))
        throw Error(ErrorCode::invalid_input, "raster: no point has a position");
    plane.epsg = utm_epsg(mid_lon, mid_lat);
    const auto wgs84 = gdal::srs_from_epsg(4326);
    const auto utm = gdal::srs_from_epsg(plane.epsg);
    gdal::TransformPtr transform(OCTNewCoordinateTransformation(wgs84.get(), utm.get()));
    if (!transform) throw Error(ErrorCode::internal, fmt::format("raster: no transform to EPSG:{}: {}", plane.epsg, CPLGetLastErrorMsg()));
    plane.x = lon;
    plane.y = lat;
    std::vector<int> ok(lon.size());
    if (!lon.empty())
        OCTTransformEx(transform.get(), static_cast<int>(lon.size()), plane.x.data(), plane.y.data(), nullptr, ok.data());
    for (std::size_t point = 0; point < ok.size(); ++point)
        if (!ok[point]) plane.x[point] = plane.y[point] = nan;
    // Transverse Mercator point scale k = k0 (1 + E'^2 / 2R^2) with E' the offset from the central meridian.
    const double offset = median(plane.x) - 500000;
    plane.units_per_metre = std::isfinite(offset) ? 0.9996 * (1 + offset * offset / (2 * 6371000.0 * 6371000.0)) : 1;
    return plane;
}

} // namespace furrow::outputs::raster
