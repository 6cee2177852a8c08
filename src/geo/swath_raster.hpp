#pragma once
// The covered area of many overlapping swath pieces, as a raster of horizontal rows in a local
// metric plane. Each row keeps the x-intervals covered along its centre line, exactly (not in
// cells), so area = sum of interval lengths x row height is the midpoint rule over y: exact for
// edges that are not horizontal, and off by at most one row height per horizontal edge (which
// cancels for a band whose width is a whole number of rows). Memory grows with the outline's
// complexity (intervals per row), not with the covered area.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace furrow::geo {

struct Span {
    double from;
    double to;
};

struct XY {
    double x;
    double y;
};

class SwathRaster {
public:
    // Rows of height `row_m` whose centres are y0 + (k + 0.5) * row_m, k = 0 .. rows - 1.
    SwathRaster(double y0, double row_m, std::size_t rows);

    // Covers the convex polygon (vertices in order, either orientation).
    void add_convex(const std::vector<XY>& polygon);

    // Merges each row's intervals; call once after the last add.
    void finish();

    const std::vector<Span>& row(std::size_t k) const { return m_rows[k]; }
    std::size_t rows() const { return m_rows.size(); }
    double y0() const { return m_y0; }
    double row_height() const { return m_row; }
    double planar_area() const;
    // Whether (x, y) is covered (after finish()).
    bool covers(double x, double y) const;

private:
    void add(std::size_t k, double from, double to);
    // Row indices whose centre lies in [lo, hi], clamped to the raster.
    std::pair<std::size_t, std::size_t> rows_between(double lo, double hi) const;

    double m_y0;
    double m_row;
    std::vector<std::vector<Span>> m_rows;
    std::vector<std::uint32_t> m_merged_size; // size of each row right after its last merge
};

} // namespace furrow::geo
