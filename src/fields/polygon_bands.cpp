#include "fields/polygon_bands.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>

namespace furrow::fields::detail {
namespace {

// About this many edges per band on average: fewer makes more bands (memory) for little gain.
constexpr std::size_t edges_per_band = 4;
constexpr std::uint32_t max_bands = 4096;

// GEOS's thread-unsafe context, one per thread, made only when doubles cannot decide an orientation.
class ThreadGeos {
public:
    ThreadGeos() : m_handle(GEOS_init_r()) {}
    ~ThreadGeos() { GEOS_finish_r(m_handle); }
    ThreadGeos(const ThreadGeos&) = delete;
    ThreadGeos& operator=(const ThreadGeos&) = delete;
    GEOSContextHandle_t handle() const { return m_handle; }

private:
    GEOSContextHandle_t m_handle;
};

int sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

} // namespace

int orientation(double ax, double ay, double bx, double by, double px, double py) {
    // GEOS's CGAlgorithmsDD::orientationIndexFilter: the double determinant's sign is certain when
    // it is larger than its rounding error bound; otherwise GEOS's exact (DD) orientation decides.
    constexpr double safe_epsilon = 1e-15;
    const double left = (ax - px) * (by - py);
    const double right = (ay - py) * (bx - px);
    const double det = left - right;
    double detsum = 0;
    if (left > 0) {
        if (right <= 0) return sign(det);
        detsum = left + right;
    } else if (left < 0) {
        if (right >= 0) return sign(det);
        detsum = -left - right;
    } else {
        return sign(det);
    }
    const double bound = safe_epsilon * detsum;
    if (det >= bound || -det >= bound) return sign(det);
    thread_local const ThreadGeos geos;
    return GEOSOrientationIndex_r(geos.handle(), ax, ay, bx, by, px, py);
}

std::uint32_t PolygonBands::band_of(const Part& part, double y) const {
    const double band = std::floor((y - part.box.min_lat) * part.bands_per_degree);
    if (!(band > 0)) return 0; // also NaN
    return std::min(static_cast<std::uint32_t>(std::min(band, 1e9)), part.bands - 1);
}

std::uint32_t PolygonBands::add(const Polygon& polygon) {
    Part part;
    part.box = bbox(polygon.rings.empty() ? geo::Ring{} : polygon.rings.front());
    std::vector<Edge> edges;
    for (const auto& ring : polygon.rings)
        for (std::size_t vertex_idx = 1; vertex_idx < ring.size(); ++vertex_idx)
            edges.push_back({ring[vertex_idx - 1].first, ring[vertex_idx - 1].second, ring[vertex_idx].first,
                             ring[vertex_idx].second});
    part.bands = static_cast<std::uint32_t>(std::clamp<std::size_t>(edges.size() / edges_per_band, 1, max_bands));
    const double height = part.box.max_lat - part.box.min_lat;
    part.bands_per_degree = height > 0 ? part.bands / height : 0;
    part.first_start = static_cast<std::uint32_t>(m_band_starts.size());

    // Counting sort of the edges into every band their closed latitude range touches: a point at
    // latitude y then finds every edge with y in its range, including the one ending at a vertex it
    // sits on, because both use band_of().
    std::vector<std::uint32_t> counts(part.bands + 1, 0);
    auto band_range = [&](const Edge& e) {
        return std::pair{band_of(part, std::min(e.y1, e.y2)), band_of(part, std::max(e.y1, e.y2))};
    };
    for (const auto& e : edges) {
        const auto [lo, hi] = band_range(e);
        for (auto band = lo; band <= hi; ++band) ++counts[band + 1];
    }
    const auto base = static_cast<std::uint32_t>(m_edges.size());
    for (std::uint32_t band = 0; band < part.bands; ++band) counts[band + 1] += counts[band];
    for (std::uint32_t band = 0; band <= part.bands; ++band) m_band_starts.push_back(base + counts[band]);
    m_edges.resize(base + counts[part.bands]);
    std::vector<std::uint32_t> fill(counts.begin(), counts.end() - 1);
    for (const auto& e : edges) {
        const auto [lo, hi] = band_range(e);
        for (auto band = lo; band <= hi; ++band) m_edges[base + fill[band]++] = e;
    }
    m_parts.push_back(part);
    return static_cast<std::uint32_t>(m_parts.size() - 1);
}

bool PolygonBands::covers(std::uint32_t part_idx, double x, double y) const {
    const Part& part = m_parts[part_idx];
    if (!part.box.contains(x, y)) return false;
    const std::uint32_t band = band_of(part, y);
    const Edge* begin = m_edges.data() + m_band_starts[part.first_start + band];
    const Edge* end = m_edges.data() + m_band_starts[part.first_start + band + 1];
    int crossings = 0;
    // GEOS RayCrossingCounter::countSegment, edge by edge, for a ray from (x, y) towards +x.
    for (const Edge* e = begin; e != end; ++e) {
        if (e->x1 < x && e->x2 < x) continue;
        if (x == e->x2 && y == e->y2) return true; // on a vertex
        if (e->y1 == y && e->y2 == y) {            // horizontal: on it, or not counted
            if (x >= std::min(e->x1, e->x2) && x <= std::max(e->x1, e->x2)) return true;
            continue;
        }
        // An upward edge includes its start and excludes its end, a downward one the reverse, so
        // a vertex shared by two edges is counted once.
        if ((e->y1 > y && e->y2 <= y) || (e->y2 > y && e->y1 <= y)) {
            int orient = orientation(e->x1, e->y1, e->x2, e->y2, x, y);
            if (orient == 0) return true; // on the edge
            if (e->y2 < e->y1) orient = -orient;
            if (orient > 0) ++crossings;
        }
    }
    return (crossings & 1) != 0;
}

} // namespace furrow::fields::detail
