#pragma once
// Which field is a point in? Built once per leaf user from the active boundaries, then asked for
// every point of a machine file. A uniform grid over all fields gives the few polygons whose box
// holds the point; polygon_bands.hpp answers exactly for each (as GEOS covers() would).
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
    std::uint32_t column_of(double lon) const;
    std::uint32_t row_of(double lat) const;

    std::vector<IndexedField> m_fields;
    detail::PolygonBands m_polygons;
    std::vector<int> m_polygon_field; // polygon index -> field position; polygons are added in field order
    BBox m_extent;
    double m_columns_per_degree = 0, m_rows_per_degree = 0;
    std::uint32_t m_columns = 1, m_rows = 1;
    // Cell c = row * m_columns + column holds polygons m_cell_polygons[m_cell_starts[c] .. m_cell_starts[c + 1]),
    // ascending, so the first that covers a point belongs to the first field that does.
    std::vector<std::uint32_t> m_cell_starts;
    std::vector<std::uint32_t> m_cell_polygons;
};

} // namespace furrow::fields
