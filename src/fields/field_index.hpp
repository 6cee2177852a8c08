#pragma once
// Which field is a point in? Built once per leaf user from the active boundaries, then asked for
// every point of a machine file. A uniform grid over all fields, about 12 cells across a typical
// field, knows for most cells the answer outright (no polygon edge passes through the cell: it is
// wholly inside a polygon or outside all). Only cells an edge crosses list polygons to test, and
// polygon_bands.hpp tests them exactly (as GEOS covers() would). Random points then cost one or two
// memory reads in most cells instead of a walk over boxes, bands and edges.
#include "fields/boundary_geometry.hpp"
#include "fields/polygon_bands.hpp"
#include "schema/point_table.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace furrow::fields {

struct IndexedField {
    std::string field_id;
    MultiPolygon shape;
};

class FieldIndex {
public:
    explicit FieldIndex(std::vector<IndexedField> fields);

    // Position in fields() of the first field containing (lon, lat) (boundary counts as inside),
    // -1 when none (or when lon/lat is not finite).
    int locate(double lon, double lat) const;
    // locate() for every point of a table, in order.
    std::vector<int> locate_all(const schema::PointTable& points) const;
    const std::vector<IndexedField>& fields() const { return m_fields; }
    bool empty() const { return m_fields.empty(); }

private:
    void build_grid();
    void size_grid();
    struct Entry {
        std::uint32_t cell;
        std::uint32_t polygon; // with full_cell set when the polygon covers the whole cell
    };
    void fill_cells(const std::vector<Entry>& entries, std::size_t cells);
    std::uint32_t column_of(double lon) const;
    std::uint32_t row_of(double lat) const;
    int locate_in_cell(std::size_t cell, double lon, double lat) const;
    // Scratch of locate_all(): each point's tile, tile starts, the points in tile order.
    struct TileSort {
        struct Point {
            double lon, lat;
            std::size_t index;
        };
        std::vector<std::uint32_t> tile_of;
        std::vector<std::uint32_t> starts;
        std::vector<Point> sorted;
    };
    void locate_chunk(const schema::PointTable& points, std::size_t begin, std::size_t end,
                      std::uint32_t tile_columns, TileSort& sort, std::vector<int>& out) const;

    std::vector<IndexedField> m_fields;
    detail::PolygonBands m_polygons;
    std::vector<int> m_polygon_field; // polygon index -> field position; polygons are added in field order
    BBox m_extent;
    double m_columns_per_degree = 0, m_rows_per_degree = 0;
    std::uint32_t m_columns = 1, m_rows = 1;
    // Cell c = row * m_columns + column. m_cell_answer[c] >= 0: every point of the cell is in that
    // field (and in no earlier one); -1: in none; -2: test m_cell_polygons[m_cell_starts[c] ..
    // m_cell_starts[c + 1]) in order, where an entry with full_cell set covers the whole cell.
    static constexpr int test_cell = -2;
    // locate_all() visits points by tiles of 2^tile_shift x 2^tile_shift cells.
    static constexpr unsigned tile_shift = 6;
    static constexpr std::size_t sort_min_cells = std::size_t{1} << 16; // smaller grids are not sorted
    static constexpr std::size_t tile_sort_chunk = std::size_t{1} << 20; // points sorted at a time
    static constexpr std::uint32_t full_cell = 0x8000'0000u;
    std::vector<int> m_cell_answer;
    std::vector<std::uint32_t> m_cell_starts;
    std::vector<std::uint32_t> m_cell_polygons;
};

} // namespace furrow::fields
