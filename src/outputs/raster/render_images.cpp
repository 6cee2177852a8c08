#include "outputs/raster/render_images.hpp"

#include "core/parallel.hpp"
#include "outputs/raster/cell_values.hpp"
#include "outputs/raster/colour_ramp.hpp"
#include "outputs/raster/gdal_writers.hpp"
#include "outputs/raster/grid.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace furrow::outputs {
namespace {

using namespace raster;

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

// A table projected, its swaths, the grid over them and the cells each swath paints: shared by
// every property (and by images and imagesV2 when they draw the same points).
struct Canvas {
    const schema::PointTable* table = nullptr;
    Swaths swaths;
    GridSpec grid;
    SwathCells painted;
    nlohmann::json extent; // lon/lat bounds; Web Mercator canvases only
};

Canvas make_canvas(const schema::PointTable& table, bool utm) {
    Canvas canvas{&table, {}, {}, {}, nullptr};
    if (table.size() == 0) return canvas;
    const auto plane = utm ? to_utm(table.lon(), table.lat()) : to_web_mercator(table.lon(), table.lat());
    canvas.swaths = build_swaths(table, plane);
    if (canvas.swaths.swaths.empty()) return canvas;
    canvas.grid = fit_grid(canvas.swaths, plane);
    canvas.painted = swath_cells(canvas.grid, canvas.swaths.swaths);
    if (!utm) canvas.extent = lon_lat_extent(canvas.grid);
    return canvas;
}

// One property on one canvas, the outputs drawn from its cells (a null directory: not this
// one), and what was written.
struct Job {
    const Canvas* canvas;
    std::size_t column;
    const std::filesystem::path* ramp_dir;
    const std::filesystem::path* quantile_dir;
    const std::filesystem::path* geotiff_dir;
    std::optional<RenderedImage> ramp, quantile, geotiff;
};

void run(Job& job) {
    const auto& canvas = *job.canvas;
    const auto& column = canvas.table->columns()[job.column];
    const auto values = image_values(column, canvas.swaths);
    if (values.empty()) return;
    auto cells = average_cells(canvas.grid, canvas.swaths.swaths, canvas.painted, column.values);
    fill_holes(canvas.grid, cells);
    const auto key = key_of(column);
    if (job.ramp_dir != nullptr) {
        job.ramp = RenderedImage{key, *job.ramp_dir / (key + ".png"), ramp_json(), canvas.extent};
        write_rgba_png(job.ramp->file, canvas.grid, ramp_pixels(cells));
    }
    if (job.quantile_dir != nullptr) {
        const auto breaks = quantile_breaks(values);
        job.quantile = RenderedImage{key, *job.quantile_dir / (key + ".png"), legend_json(breaks), canvas.extent};
        write_rgba_png(job.quantile->file, canvas.grid, class_pixels(cells, breaks));
    }
    if (job.geotiff_dir != nullptr) {
        job.geotiff = RenderedImage{key, *job.geotiff_dir / (key + ".tif"), nullptr, nullptr};
        write_float_geotiff(job.geotiff->file, canvas.grid, std::move(cells));
    }
}

const std::filesystem::path* dir_or_null(const std::filesystem::path& dir) { return dir.empty() ? nullptr : &dir; }

void add_jobs(std::vector<Job>& jobs, const Canvas& canvas, const std::filesystem::path* ramp,
              const std::filesystem::path* quantile, const std::filesystem::path* geotiff) {
    if (canvas.swaths.swaths.empty() || (!ramp && !quantile && !geotiff)) return;
    for (std::size_t column = 0; column < canvas.table->columns().size(); ++column)
        jobs.push_back({&canvas, column, ramp, quantile, geotiff, {}, {}, {}});
}

// Threads for the jobs: each holds ~20 bytes a cell while it runs (means, counts, RGBA, PNG
// rows), so a 4096^2 grid is drawn on fewer threads than a field-sized one.
unsigned threads_for(const std::vector<Canvas>& canvases) {
    std::size_t largest = 1;
    for (const auto& canvas : canvases) largest = std::max(largest, canvas.grid.size());
    constexpr std::size_t budget_bytes = 512ull << 20;
    return static_cast<unsigned>(std::clamp<std::size_t>(budget_bytes / (20 * largest), 1, max_parallel_threads));
}

} // namespace

RenderedImages render_images(const ImageRequest& request) {
    const auto* images = request.v1_points ? dir_or_null(request.images_dir) : nullptr;
    const auto* v2 = request.v2_points ? dir_or_null(request.images_v2_dir) : nullptr;
    const auto* tiffs = request.v2_points ? dir_or_null(request.geotiff_dir) : nullptr;
    const bool shared = images && v2 && request.v1_points == request.v2_points;
    // Canvases: [0] Web Mercator of v1 (and V2 when shared), [1] Web Mercator of V2, [2] UTM of V2.
    std::vector<Canvas> canvases(3);
    parallel_for(3, [&](std::size_t which) {
        if (which == 0 && images) canvases[0] = make_canvas(*request.v1_points, false);
        if (which == 1 && v2 && !shared) canvases[1] = make_canvas(*request.v2_points, false);
        if (which == 2 && tiffs) canvases[2] = make_canvas(*request.v2_points, true);
    });
    std::vector<Job> jobs;
    add_jobs(jobs, canvases[0], images, shared ? v2 : nullptr, nullptr);
    add_jobs(jobs, canvases[1], nullptr, v2, nullptr);
    add_jobs(jobs, canvases[2], nullptr, nullptr, tiffs);
    parallel_for(jobs.size(), [&](std::size_t job) { run(jobs[job]); }, threads_for(canvases));
    RenderedImages out;
    for (auto& job : jobs) {
        if (job.ramp) out.images.push_back(std::move(*job.ramp));
        if (job.quantile) out.images_v2.push_back(std::move(*job.quantile));
        if (job.geotiff) out.geotiffs.push_back(std::move(*job.geotiff));
    }
    return out;
}

std::vector<RenderedImage> render_png_images(const schema::PointTable& table, ImageStyle style, const std::filesystem::path& dir) {
    ImageRequest request;
    if (style == ImageStyle::ramp) {
        request.v1_points = &table;
        request.images_dir = dir;
        return render_images(request).images;
    }
    request.v2_points = &table;
    request.images_v2_dir = dir;
    return render_images(request).images_v2;
}

std::vector<RenderedImage> render_geotiffs(const schema::PointTable& table, const std::filesystem::path& dir) {
    ImageRequest request;
    request.v2_points = &table;
    request.geotiff_dir = dir;
    return render_images(request).geotiffs;
}

} // namespace furrow::outputs
