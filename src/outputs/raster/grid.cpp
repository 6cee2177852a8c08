#include "outputs/raster/grid.hpp"

#include <algorithm>
#include <limits>

namespace furrow::outputs::raster {

GridSpec fit_grid(const Swaths& swaths, const Plane& plane) {
    GridSpec grid;
    grid.epsg = plane.epsg;
    if (swaths.swaths.empty()) return grid;
    double xmin = std::numeric_limits<double>::max(), ymin = xmin;
    double xmax = std::numeric_limits<double>::lowest(), ymax = xmax;
    for (const auto& s : swaths.swaths) {
        const double reach = std::hypot(s.half_length, s.half_width);
        xmin = std::min(xmin, s.x - reach);
        xmax = std::max(xmax, s.x + reach);
        ymin = std::min(ymin, s.y - reach);
        ymax = std::max(ymax, s.y + reach);
    }
    grid.cell = swaths.median_width_m / 2 * plane.units_per_metre;
    const double longest = std::max(xmax - xmin, ymax - ymin);
    // Coarsen so the longer side fits; the small factor keeps ceil() below the limit.
    if (longest / grid.cell > max_raster_side) grid.cell = longest / max_raster_side * (1 + 1e-9);
    grid.cols = std::max(1, static_cast<int>(std::ceil((xmax - xmin) / grid.cell)));
    grid.rows = std::max(1, static_cast<int>(std::ceil((ymax - ymin) / grid.cell)));
    grid.x0 = xmin;
    grid.y0 = ymax;
    return grid;
}

} // namespace furrow::outputs::raster
