#include "pipeline/cleaning/point_grid.hpp"

#include <cmath>

namespace furrow::pipeline::cleaning::detail {

std::int64_t PointGrid::cell(double v) const { return static_cast<std::int64_t>(std::floor(v / m_radius)); }

} // namespace furrow::pipeline::cleaning::detail
