#pragma once
// Points of the local plane bucketed in square cells, for "which points lie within r of here"
// in O(neighbours) rather than O(points). A cell is as wide as the search radius, so the 3x3 cells
// around a position hold every point within it.
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace furrow::pipeline::cleaning::detail {

class PointGrid {
public:
    explicit PointGrid(double radius) : m_radius(radius) {}
    void add(std::uint32_t point, double x, double y) { m_cells[key(cell(x), cell(y))].push_back(point); }

    // Calls visit(point) for each added point whose cell neighbours (x, y)'s; the caller checks
    // the distance.
    template <typename Visit>
    void near(double x, double y, Visit visit) const {
        const auto cx = cell(x), cy = cell(y);
        for (std::int64_t dx = -1; dx <= 1; ++dx)
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                const auto found = m_cells.find(key(cx + dx, cy + dy));
                if (found == m_cells.end()) continue;
                for (const auto point : found->second) visit(point);
            }
    }

private:
    std::int64_t cell(double v) const;
    static std::uint64_t key(std::int64_t cx, std::int64_t cy) {
        return (static_cast<std::uint64_t>(cx) << 32) ^ (static_cast<std::uint64_t>(cy) & 0xffffffffu);
    }

    double m_radius;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> m_cells;
};

} // namespace furrow::pipeline::cleaning::detail
