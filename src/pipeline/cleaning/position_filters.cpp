// Positions that add no new ground: co-located points (Simbahan's last step; a machine logging
// while standing, or a repeated fix) and swaths over ground already harvested (yieldcleanr's
// overlap bitmap after Han et al. 1997, AYCE's overlap removal): there the flow is partial while
// the monitor divides by the full width.
#include "pipeline/cleaning/filters.hpp"
#include "pipeline/cleaning/point_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace furrow::pipeline::cleaning::detail {

// A point within duplicatePosition.minDistance of an earlier point still kept.
void filter_duplicate_position(FilterContext& ctx) {
    const double min_distance = ctx.settings.duplicate_distance;
    PointGrid grid(min_distance);
    for (std::size_t i = 0; i < ctx.size(); ++i) {
        if (!ctx.kept(i)) continue;
        bool duplicate = false;
        grid.near(ctx.x[i], ctx.y[i], [&](std::uint32_t j) {
            duplicate = duplicate || std::hypot(ctx.x[j] - ctx.x[i], ctx.y[j] - ctx.y[i]) < min_distance;
        });
        if (duplicate) ctx.remove(i);
        else grid.add(static_cast<std::uint32_t>(i), ctx.x[i], ctx.y[i]);
    }
}

namespace {

// Covered cells of the local plane, as one bit per cell over the points' bounding box.
class CoverBitmap {
public:
    CoverBitmap(const FilterContext& ctx, double cell, double margin) : m_cell(cell) {
        const auto [x0, x1] = std::minmax_element(ctx.x.begin(), ctx.x.end());
        const auto [y0, y1] = std::minmax_element(ctx.y.begin(), ctx.y.end());
        m_x0 = *x0 - margin;
        m_y0 = *y0 - margin;
        // Spread-out points would need a huge bitmap: cells grow until it fits 2^28 bits (32 MB).
        constexpr double max_cells = 268'435'456;
        while (((*x1 + margin - m_x0) / m_cell + 1) * ((*y1 + margin - m_y0) / m_cell + 1) > max_cells) m_cell *= 2;
        m_nx = static_cast<std::size_t>((*x1 + margin - m_x0) / m_cell) + 1;
        m_ny = static_cast<std::size_t>((*y1 + margin - m_y0) / m_cell) + 1;
        m_bits.assign(m_nx * m_ny, false);
    }
    double cell() const { return m_cell; }

    // Marks the cells whose centre lies in the rectangle `length` behind (x, y) along heading
    // (sin, cos) and `width` across it; returns the share of them that were already covered.
    double cover(double x, double y, double sin_h, double cos_h, double length, double width) {
        const double reach = std::hypot(length, width / 2);
        std::size_t total = 0, covered = 0;
        for (auto cx = index(x - reach, m_x0, m_nx); cx <= index(x + reach, m_x0, m_nx); ++cx)
            for (auto cy = index(y - reach, m_y0, m_ny); cy <= index(y + reach, m_y0, m_ny); ++cy) {
                const double dx = m_x0 + (static_cast<double>(cx) + 0.5) * m_cell - x;
                const double dy = m_y0 + (static_cast<double>(cy) + 0.5) * m_cell - y;
                const double behind = -(dx * sin_h + dy * cos_h);
                const double across = dx * cos_h - dy * sin_h;
                if (behind < 0 || behind >= length || std::fabs(across) > width / 2) continue;
                ++total;
                const std::size_t bit = cy * m_nx + cx;
                covered += m_bits[bit] ? 1 : 0;
                m_bits[bit] = true;
            }
        return total > 0 ? static_cast<double>(covered) / static_cast<double>(total) : 0;
    }

private:
    std::size_t index(double v, double origin, std::size_t n) const {
        const double i = std::floor((v - origin) / m_cell);
        return static_cast<std::size_t>(std::clamp(i, 0.0, static_cast<double>(n - 1)));
    }

    double m_cell, m_x0 = 0, m_y0 = 0;
    std::size_t m_nx = 0, m_ny = 0;
    std::vector<bool> m_bits;
};

} // namespace

// Every working point covers its swath since the previous point (width x distance behind it, at
// least one cell long and at most 30 m: longer steps are discontinuities); a point still kept is
// removed when more than overlap.maxShare of that swath was covered before. Points removed by
// earlier filters still cover ground: the machine harvested it.
void filter_overlap(FilterContext& ctx) {
    const auto* heading = ctx.column(schema::PropertyId::heading);
    const auto* distance = ctx.column(schema::PropertyId::distance);
    const auto* width = ctx.column(schema::PropertyId::equipment_width);
    const auto* status = ctx.column(schema::PropertyId::recording_status);
    if (!heading || !distance || ctx.size() == 0 || !(ctx.swath_width > 0)) return;
    constexpr double max_length = 30;
    CoverBitmap bitmap(ctx, ctx.settings.overlap_cell, max_length + 2 * ctx.swath_width);
    for (std::size_t i = 0; i < ctx.size(); ++i) {
        const double h = (*heading)[i] * std::numbers::pi / 180;
        const double w = width && (*width)[i] > 0 ? (*width)[i] : ctx.swath_width;
        if ((status && !((*status)[i] >= 0.5)) || !std::isfinite(h) || !std::isfinite((*distance)[i])) continue;
        const double length = std::clamp((*distance)[i], bitmap.cell(), max_length);
        // A logged width over twice the file's median is a unit or entry error, not a swath.
        const double share = bitmap.cover(ctx.x[i], ctx.y[i], std::sin(h), std::cos(h), length, std::min(w, 2 * ctx.swath_width));
        if (share > ctx.settings.overlap_max_share) ctx.remove(i);
    }
}

} // namespace furrow::pipeline::cleaning::detail
