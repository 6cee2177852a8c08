#include "geo/swath_raster.hpp"

#include <algorithm>
#include <cmath>

namespace furrow::geo {
namespace {

// Gaps and intervals shorter than this are rounding noise, not coverage: a nanometre.
constexpr double noise_m = 1e-9;

// Sorts and joins overlapping or touching intervals in place.
void merge(std::vector<Span>& spans) {
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.from < b.from; });
    std::size_t out = 0;
    for (const Span& s : spans) {
        if (out > 0 && s.from <= spans[out - 1].to + noise_m) {
            spans[out - 1].to = std::max(spans[out - 1].to, s.to);
            continue;
        }
        spans[out++] = s;
    }
    spans.resize(out);
}

} // namespace

SwathRaster::SwathRaster(double y0, double row_m, std::size_t rows)
    : m_y0(y0), m_row(row_m), m_rows(rows), m_merged_size(rows, 0) {}

std::pair<std::size_t, std::size_t> SwathRaster::rows_between(double lo, double hi) const {
    // centre(k) >= lo  <=>  k >= (lo - y0) / row - 0.5
    const double first = std::ceil((lo - m_y0) / m_row - 0.5);
    const double last = std::floor((hi - m_y0) / m_row - 0.5);
    const double top = static_cast<double>(m_rows.size()) - 1;
    if (last < 0 || first > top || first > last) return {1, 0};
    return {static_cast<std::size_t>(std::max(first, 0.0)), static_cast<std::size_t>(std::min(last, top))};
}

void SwathRaster::add(std::size_t k, double from, double to) {
    if (!(to - from > noise_m)) return;
    auto& spans = m_rows[k];
    spans.push_back({from, to});
    // Merging whenever a row has doubled keeps memory proportional to the merged outline while
    // costing O(log) amortised per interval.
    if (spans.size() >= 2 * static_cast<std::size_t>(m_merged_size[k]) + 16) {
        merge(spans);
        m_merged_size[k] = static_cast<std::uint32_t>(spans.size());
    }
}

void SwathRaster::add_convex(const std::vector<XY>& polygon) {
    if (polygon.size() < 3) return;
    double lo = polygon[0].y, hi = polygon[0].y;
    for (const XY& p : polygon) {
        lo = std::min(lo, p.y);
        hi = std::max(hi, p.y);
    }
    const auto [first, last] = rows_between(lo, hi);
    for (std::size_t k = first; k <= last && first <= last; ++k) {
        const double y = m_y0 + (static_cast<double>(k) + 0.5) * m_row;
        double from = INFINITY, to = -INFINITY;
        for (std::size_t i = 0; i < polygon.size(); ++i) {
            const XY& a = polygon[i];
            const XY& b = polygon[(i + 1) % polygon.size()];
            if ((a.y <= y && y < b.y) || (b.y <= y && y < a.y)) { // half-open: each crossing once
                const double x = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y);
                from = std::min(from, x);
                to = std::max(to, x);
            }
        }
        add(k, from, to);
    }
}

void SwathRaster::finish() {
    for (std::size_t k = 0; k < m_rows.size(); ++k) {
        merge(m_rows[k]);
        m_rows[k].shrink_to_fit();
        m_merged_size[k] = static_cast<std::uint32_t>(m_rows[k].size());
    }
}

double SwathRaster::planar_area() const {
    double total = 0;
    for (const auto& spans : m_rows)
        for (const Span& s : spans) total += s.to - s.from;
    return total * m_row;
}

bool SwathRaster::covers(double x, double y) const {
    const double k = std::floor((y - m_y0) / m_row);
    if (k < 0 || k >= static_cast<double>(m_rows.size())) return false;
    const auto& spans = m_rows[static_cast<std::size_t>(k)];
    auto it = std::upper_bound(spans.begin(), spans.end(), x, [](double v, const Span& s) { return v < s.from; });
    return it != spans.begin() && x < std::prev(it)->to;
}

} // namespace furrow::geo
