#include "fields/field_index.hpp"

#include <algorithm>
#include <cmath>

namespace furrow::fields {
namespace {

// The grid aims at cells about half a typical polygon box wide and high (a polygon then spans
// about 9 cells and a cell meets a handful of boxes), capped so sparse fields spread over a
// continent do not make a huge, empty grid.
constexpr double cells_per_box_side = 2;
constexpr double max_cells = 1 << 22;

} // namespace

FieldIndex::FieldIndex(std::vector<IndexedField> fields) : m_fields(std::move(fields)) {
    for (std::size_t field_idx = 0; field_idx < m_fields.size(); ++field_idx)
        for (const auto& polygon : m_fields[field_idx].shape) {
            if (polygon.rings.empty() || polygon.rings.front().size() < 4) continue;
            m_polygons.add(polygon);
            m_polygon_field.push_back(static_cast<int>(field_idx));
        }
    build_grid();
}

std::uint32_t FieldIndex::column_of(double lon) const {
    const double column = std::floor((lon - m_extent.min_lon) * m_columns_per_degree);
    return column > 0 ? std::min(static_cast<std::uint32_t>(std::min(column, 1e9)), m_columns - 1) : 0;
}

std::uint32_t FieldIndex::row_of(double lat) const {
    const double row = std::floor((lat - m_extent.min_lat) * m_rows_per_degree);
    return row > 0 ? std::min(static_cast<std::uint32_t>(std::min(row, 1e9)), m_rows - 1) : 0;
}

void FieldIndex::build_grid() {
    const std::size_t polygons = m_polygons.size();
    if (polygons == 0) {
        m_cell_starts = {0, 0};
        return;
    }
    m_extent = m_polygons.box(0);
    double width_sum = 0, height_sum = 0;
    for (std::uint32_t polygon_idx = 0; polygon_idx < polygons; ++polygon_idx) {
        const BBox& b = m_polygons.box(polygon_idx);
        m_extent = {std::min(m_extent.min_lon, b.min_lon), std::min(m_extent.min_lat, b.min_lat),
                    std::max(m_extent.max_lon, b.max_lon), std::max(m_extent.max_lat, b.max_lat)};
        width_sum += b.max_lon - b.min_lon;
        height_sum += b.max_lat - b.min_lat;
    }
    const double width = m_extent.max_lon - m_extent.min_lon, height = m_extent.max_lat - m_extent.min_lat;
    const double cell_w = width_sum / static_cast<double>(polygons) / cells_per_box_side;
    const double cell_h = height_sum / static_cast<double>(polygons) / cells_per_box_side;
    double columns = cell_w > 0 ? std::ceil(width / cell_w) : 1, rows = cell_h > 0 ? std::ceil(height / cell_h) : 1;
    if (columns * rows > max_cells) {
        const double shrink = std::sqrt(max_cells / (columns * rows));
        columns = std::ceil(columns * shrink);
        rows = std::ceil(rows * shrink);
    }
    m_columns = static_cast<std::uint32_t>(std::max(1.0, columns));
    m_rows = static_cast<std::uint32_t>(std::max(1.0, rows));
    m_columns_per_degree = width > 0 ? m_columns / width : 0;
    m_rows_per_degree = height > 0 ? m_rows / height : 0;

    // Two passes (count, then fill) over every polygon's cell range: a compact CSR layout.
    const std::size_t cells = static_cast<std::size_t>(m_columns) * m_rows;
    m_cell_starts.assign(cells + 1, 0);
    auto for_each_cell = [&](std::uint32_t polygon_idx, auto&& fn) {
        const BBox& b = m_polygons.box(polygon_idx);
        for (auto row = row_of(b.min_lat); row <= row_of(b.max_lat); ++row)
            for (auto column = column_of(b.min_lon); column <= column_of(b.max_lon); ++column)
                fn(static_cast<std::size_t>(row) * m_columns + column);
    };
    for (std::uint32_t polygon_idx = 0; polygon_idx < polygons; ++polygon_idx)
        for_each_cell(polygon_idx, [&](std::size_t cell) { ++m_cell_starts[cell + 1]; });
    for (std::size_t cell = 0; cell < cells; ++cell) m_cell_starts[cell + 1] += m_cell_starts[cell];
    m_cell_polygons.resize(m_cell_starts[cells]);
    std::vector<std::uint32_t> fill(m_cell_starts.begin(), m_cell_starts.end() - 1);
    for (std::uint32_t polygon_idx = 0; polygon_idx < polygons; ++polygon_idx) // ascending within each cell
        for_each_cell(polygon_idx, [&](std::size_t cell) { m_cell_polygons[fill[cell]++] = polygon_idx; });
}

int FieldIndex::locate(double lon, double lat) const {
    if (m_polygons.size() == 0 || !m_extent.contains(lon, lat)) return -1; // NaN fails contains() too
    const std::size_t cell = static_cast<std::size_t>(row_of(lat)) * m_columns + column_of(lon);
    for (auto i = m_cell_starts[cell]; i < m_cell_starts[cell + 1]; ++i) {
        const std::uint32_t polygon_idx = m_cell_polygons[i];
        if (m_polygons.covers(polygon_idx, lon, lat)) return m_polygon_field[polygon_idx];
    }
    return -1;
}

std::vector<int> FieldIndex::locate_all(const schema::PointTable& points) const {
    std::vector<int> out(points.size());
    const auto& lon = points.lon();
    const auto& lat = points.lat();
    for (std::size_t point_idx = 0; point_idx < points.size(); ++point_idx)
        out[point_idx] = locate(lon[point_idx], lat[point_idx]);
    return out;
}

} // namespace furrow::fields
