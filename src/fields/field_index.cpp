#include "fields/field_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace furrow::fields {
namespace {

// Cells about 1/12 of a typical polygon box wide and high: fine enough that most cells of a field
// have no edge through them, coarse enough that the grid stays small (about 150 cells of 8 bytes
// per field); capped so sparse fields spread over a continent do not make a huge, empty grid.
constexpr double cells_per_box_side = 12;
constexpr double max_cells = 1 << 23;

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

void FieldIndex::size_grid() {
    const std::size_t polygons = m_polygons.size();
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
}

void FieldIndex::build_grid() {
    if (m_polygons.size() == 0) return;
    size_grid();
    const std::size_t cells = static_cast<std::size_t>(m_columns) * m_rows;
    auto cell_of = [&](std::uint32_t row, std::uint32_t column) { return static_cast<std::size_t>(row) * m_columns + column; };

    // Cells an edge may pass through (every cell its box meets: a superset) are stamped with the
    // polygon; the polygon's other cells hold no boundary point, so one test of a point mapped to the
    // cell tells whether all of it is inside.
    std::vector<std::uint32_t> stamp(cells, 0);
    std::vector<Entry> entries;
    std::uint32_t polygon_idx = 0;
    for (const auto& field : m_fields)
        for (const auto& polygon : field.shape) {
            if (polygon.rings.empty() || polygon.rings.front().size() < 4) continue;
            for (const auto& ring : polygon.rings)
                for (std::size_t vertex_idx = 1; vertex_idx < ring.size(); ++vertex_idx) {
                    const auto [x1, y1] = ring[vertex_idx - 1];
                    const auto [x2, y2] = ring[vertex_idx];
                    for (auto row = row_of(std::min(y1, y2)); row <= row_of(std::max(y1, y2)); ++row)
                        for (auto column = column_of(std::min(x1, x2)); column <= column_of(std::max(x1, x2)); ++column)
                            stamp[cell_of(row, column)] = polygon_idx + 1;
                }
            const BBox& b = m_polygons.box(polygon_idx);
            for (auto row = row_of(b.min_lat); row <= row_of(b.max_lat); ++row)
                for (auto column = column_of(b.min_lon); column <= column_of(b.max_lon); ++column) {
                    const auto cell = cell_of(row, column);
                    const double x = m_extent.min_lon + (column + 0.5) / m_columns_per_degree;
                    const double y = m_extent.min_lat + (row + 0.5) / m_rows_per_degree;
                    const bool clean = stamp[cell] != polygon_idx + 1 && m_columns_per_degree > 0 &&
                                       m_rows_per_degree > 0 && column_of(x) == column && row_of(y) == row;
                    if (!clean) entries.push_back({static_cast<std::uint32_t>(cell), polygon_idx});
                    else if (m_polygons.covers(polygon_idx, x, y)) entries.push_back({static_cast<std::uint32_t>(cell), polygon_idx | full_cell});
                }
            ++polygon_idx;
        }
    fill_cells(entries, cells);
}

void FieldIndex::fill_cells(const std::vector<Entry>& entries, std::size_t cells) {
    // Counting sort by cell; stable, so each cell's polygons stay ascending (= field order).
    std::vector<std::uint32_t> starts(cells + 1, 0);
    for (const auto& e : entries) ++starts[e.cell + 1];
    for (std::size_t cell = 0; cell < cells; ++cell) starts[cell + 1] += starts[cell];
    std::vector<std::uint32_t> sorted(entries.size());
    std::vector<std::uint32_t> fill(starts.begin(), starts.end() - 1);
    for (const auto& e : entries) sorted[fill[e.cell]++] = e.polygon;

    // Decide each cell: nothing -> -1; a full polygon before any partial one -> its field;
    // otherwise keep the list up to and including the first full polygon.
    m_cell_answer.assign(cells, -1);
    m_cell_starts.assign(cells + 1, 0);
    m_cell_polygons.clear();
    for (std::size_t cell = 0; cell < cells; ++cell) {
        m_cell_starts[cell] = static_cast<std::uint32_t>(m_cell_polygons.size());
        if (starts[cell] == starts[cell + 1]) continue;
        const std::uint32_t first = sorted[starts[cell]];
        if (first & full_cell) {
            m_cell_answer[cell] = m_polygon_field[first & ~full_cell];
            continue;
        }
        m_cell_answer[cell] = test_cell;
        for (auto i = starts[cell]; i < starts[cell + 1]; ++i) {
            m_cell_polygons.push_back(sorted[i]);
            if (sorted[i] & full_cell) break;
        }
    }
    m_cell_starts[cells] = static_cast<std::uint32_t>(m_cell_polygons.size());
}

int FieldIndex::locate(double lon, double lat) const {
    if (m_cell_answer.empty() || !m_extent.contains(lon, lat)) return -1; // NaN fails contains() too
    return locate_in_cell(static_cast<std::size_t>(row_of(lat)) * m_columns + column_of(lon), lon, lat);
}

int FieldIndex::locate_in_cell(std::size_t cell, double lon, double lat) const {
    const int answer = m_cell_answer[cell];
    if (answer != test_cell) return answer;
    for (auto i = m_cell_starts[cell]; i < m_cell_starts[cell + 1]; ++i) {
        const std::uint32_t entry = m_cell_polygons[i];
        const std::uint32_t polygon_idx = entry & ~full_cell;
        if ((entry & full_cell) || m_polygons.covers(polygon_idx, lon, lat)) return m_polygon_field[polygon_idx];
    }
    return -1;
}

std::vector<int> FieldIndex::locate_all(const schema::PointTable& points) const {
    std::vector<int> out(points.size(), -1);
    if (m_cell_answer.empty()) return out;
    const std::uint32_t tile_columns = ((m_columns - 1) >> tile_shift) + 1;
    const std::uint32_t tile_rows = ((m_rows - 1) >> tile_shift) + 1;
    // A small grid (a few hundred fields) stays in cache anyway: sorting would only cost time
    // (100 fields: 43 ns/point unsorted, 55 sorted; 1000 fields: 105 unsorted, 63 sorted).
    if (m_cell_answer.size() <= sort_min_cells || tile_columns * static_cast<std::size_t>(tile_rows) == 1) {
        for (std::size_t point_idx = 0; point_idx < points.size(); ++point_idx)
            out[point_idx] = locate(points.lon()[point_idx], points.lat()[point_idx]);
        return out;
    }
    // Random points over a large grid make every lookup a cache miss (the cell arrays and edges are
    // tens of MB). Locating them tile by tile keeps one tile's cells, polygons and edges in cache.
    // Chunks of points bound the scratch memory and keep each chunk's coordinates in cache.
    TileSort sort;
    for (std::size_t begin = 0; begin < points.size(); begin += tile_sort_chunk)
        locate_chunk(points, begin, std::min(points.size(), begin + tile_sort_chunk), tile_columns, sort, out);
    return out;
}

void FieldIndex::locate_chunk(const schema::PointTable& points, std::size_t begin, std::size_t end,
                              std::uint32_t tile_columns, TileSort& sort, std::vector<int>& out) const {
    // Counting sort of the chunk's points by tile (points outside the extent stay -1 and are left
    // out), copying the coordinates so the locate pass reads them in order; then locate() in tile
    // order and scatter the answers back. The answers are exactly locate()'s.
    constexpr std::uint32_t outside = std::numeric_limits<std::uint32_t>::max();
    const std::size_t tiles = static_cast<std::size_t>(tile_columns) * (((m_rows - 1) >> tile_shift) + 1);
    const double* lon = points.lon().data();
    const double* lat = points.lat().data();
    sort.tile_of.resize(end - begin);
    sort.starts.assign(tiles + 1, 0);
    for (std::size_t point_idx = begin; point_idx < end; ++point_idx) {
        std::uint32_t tile = outside;
        if (m_extent.contains(lon[point_idx], lat[point_idx])) {
            tile = (row_of(lat[point_idx]) >> tile_shift) * tile_columns + (column_of(lon[point_idx]) >> tile_shift);
            ++sort.starts[tile + 1];
        }
        sort.tile_of[point_idx - begin] = tile;
    }
    for (std::size_t tile = 0; tile < tiles; ++tile) sort.starts[tile + 1] += sort.starts[tile];
    sort.sorted.resize(sort.starts[tiles]);
    for (std::size_t point_idx = begin; point_idx < end; ++point_idx) {
        const std::uint32_t tile = sort.tile_of[point_idx - begin];
        if (tile != outside) sort.sorted[sort.starts[tile]++] = {lon[point_idx], lat[point_idx], point_idx};
    }
    for (const auto& p : sort.sorted) out[p.index] = locate(p.lon, p.lat);
}

} // namespace furrow::fields
