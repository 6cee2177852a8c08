#include "outputs/raster/render_images.hpp"

#include "outputs/raster/cell_values.hpp"
#include "outputs/raster/colour_ramp.hpp"
#include "outputs/raster/gdal_writers.hpp"
#include "outputs/raster/grid.hpp"

#include <algorithm>
#include <cmath>

namespace furrow::outputs {
namespace {

using namespace raster;

// The table projected, its swaths and the grid over them: shared by every property of a file.
struct Canvas {
    Swaths swaths;
    GridSpec grid;
};

Canvas make_canvas(const schema::PointTable& table, const Plane& plane) {
    Canvas canvas{build_swaths(table, plane), {}};
    canvas.grid = fit_grid(canvas.swaths, plane);
    return canvas;
}

// The finite values of `column` on the painted points, or none when the property makes no image.
std::vector<double> image_values(const schema::Column& column, const Swaths& swaths) {
    if (column.id == schema::PropertyId::recording_status) return {};
    std::vector<double> values;
    values.reserve(swaths.swaths.size());
    for (const auto& s : swaths.swaths)
        if (std::isfinite(column.values[s.point])) values.push_back(column.values[s.point]);
    if (values.empty()) return {};
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (*lo == *hi) return {};
    return values;
}

std::vector<float> property_cells(const Canvas& canvas, const schema::Column& column) {
    auto cells = average_cells(canvas.grid, canvas.swaths.swaths, column.values);
    fill_holes(canvas.grid, cells);
    return cells;
}

void put(std::vector<std::uint8_t>& rgba, std::size_t cell, Rgba c) {
    rgba[cell * 4] = c.r;
    rgba[cell * 4 + 1] = c.g;
    rgba[cell * 4 + 2] = c.b;
    rgba[cell * 4 + 3] = c.a;
}

// v1: the ramp over the min..max of the image's own cells (Leaf: "0% and 100% correspond to the
// minimum and maximum values in the image").
std::vector<std::uint8_t> ramp_pixels(const std::vector<float>& cells) {
    float lo = INFINITY, hi = -INFINITY;
    for (float v : cells)
        if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    const double range = hi > lo ? static_cast<double>(hi) - lo : 1;
    std::vector<std::uint8_t> rgba(cells.size() * 4, 0);
    for (std::size_t cell = 0; cell < cells.size(); ++cell)
        if (!std::isnan(cells[cell])) put(rgba, cell, ramp_colour((cells[cell] - lo) / range));
    return rgba;
}

std::vector<std::uint8_t> class_pixels(const std::vector<float>& cells, const std::array<double, quantile_classes + 1>& breaks) {
    std::vector<std::uint8_t> rgba(cells.size() * 4, 0);
    for (std::size_t cell = 0; cell < cells.size(); ++cell)
        if (!std::isnan(cells[cell])) put(rgba, cell, class_colour(quantile_class(breaks, cells[cell])));
    return rgba;
}

nlohmann::json lon_lat_extent(const GridSpec& grid) {
    const auto [west, north] = web_mercator_to_lon_lat(grid.x0, grid.y0);
    const auto [east, south] = web_mercator_to_lon_lat(grid.x0 + grid.cols * grid.cell, grid.y0 - grid.rows * grid.cell);
    return {{"xmin", west}, {"xmax", east}, {"ymin", south}, {"ymax", north}};
}

std::string key_of(const schema::Column& column) { return std::string(schema::info(column.id).key); }

} // namespace

std::vector<RenderedImage> render_png_images(const schema::PointTable& table, ImageStyle style, const std::filesystem::path& dir) {
    const auto canvas = make_canvas(table, to_web_mercator(table.lon(), table.lat()));
    std::vector<RenderedImage> out;
    if (canvas.swaths.swaths.empty()) return out;
    const auto extent = lon_lat_extent(canvas.grid);
    for (const auto& column : table.columns()) {
        const auto values = image_values(column, canvas.swaths);
        if (values.empty()) continue;
        const auto cells = property_cells(canvas, column);
        RenderedImage image{key_of(column), dir / (key_of(column) + ".png"), nullptr, extent};
        if (style == ImageStyle::ramp) {
            image.legend = ramp_json();
            write_rgba_png(image.file, canvas.grid, ramp_pixels(cells));
        } else {
            const auto breaks = quantile_breaks(values);
            image.legend = legend_json(breaks);
            write_rgba_png(image.file, canvas.grid, class_pixels(cells, breaks));
        }
        out.push_back(std::move(image));
    }
    return out;
}

std::vector<RenderedImage> render_geotiffs(const schema::PointTable& table, const std::filesystem::path& dir) {
    std::vector<RenderedImage> out;
    if (table.size() == 0) return out;
    const auto canvas = make_canvas(table, to_utm(table.lon(), table.lat()));
    if (canvas.swaths.swaths.empty()) return out;
    for (const auto& column : table.columns()) {
        if (image_values(column, canvas.swaths).empty()) continue;
        RenderedImage image{key_of(column), dir / (key_of(column) + ".tif"), nullptr, nullptr};
        write_float_geotiff(image.file, canvas.grid, property_cells(canvas, column));
        out.push_back(std::move(image));
    }
    return out;
}

} // namespace furrow::outputs
