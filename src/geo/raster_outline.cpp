#include "geo/raster_outline.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <tuple>

namespace furrow::geo::detail {
namespace {

const std::vector<Span> no_spans;

// a minus b, both sorted and disjoint.
std::vector<Span> difference(const std::vector<Span>& a, const std::vector<Span>& b) {
    std::vector<Span> out;
    std::size_t j = 0;
    for (const Span& s : a) {
        double from = s.from;
        while (j < b.size() && b[j].to <= from) ++j;
        for (std::size_t k = j; k < b.size() && b[k].from < s.to; ++k) {
            if (b[k].from > from) out.push_back({from, b[k].from});
            from = std::max(from, b[k].to);
        }
        if (from < s.to) out.push_back({from, s.to});
    }
    return out;
}

class UnionFind {
public:
    explicit UnionFind(std::size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), std::size_t{0}); }
    std::size_t find(std::size_t i) {
        while (m_parent[i] != i) i = m_parent[i] = m_parent[m_parent[i]]; // path halving
        return i;
    }
    void join(std::size_t a, std::size_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<std::size_t> m_parent;
};

// Every interval of every row, numbered row by row: offsets[k] is the number of the first one in row k.
std::vector<std::size_t> span_offsets(const SwathRaster& r) {
    std::vector<std::size_t> offsets(r.rows() + 1, 0);
    for (std::size_t k = 0; k < r.rows(); ++k) offsets[k + 1] = offsets[k] + r.row(k).size();
    return offsets;
}

// Intervals of neighbouring rows that overlap over a positive length are one polygon; touching at
// a single point (a corner) is not, matching the left turn the tracing takes there.
UnionFind components(const SwathRaster& r, const std::vector<std::size_t>& offsets) {
    UnionFind uf(offsets.back());
    for (std::size_t k = 0; k + 1 < r.rows(); ++k) {
        const auto &low = r.row(k), &high = r.row(k + 1);
        for (std::size_t i = 0, j = 0; i < low.size() && j < high.size();) {
            if (low[i].from < high[j].to && high[j].from < low[i].to) uf.join(offsets[k] + i, offsets[k + 1] + j);
            (low[i].to < high[j].to) ? ++i : ++j;
        }
    }
    return uf;
}

// A directed boundary piece from (x0, grid line k0) to (x1, line k1), covered side on its left.
struct Edge {
    double x0, x1;
    std::uint32_t k0, k1;
    std::int64_t span; // the interval a vertical piece bounds; -1 for horizontal pieces
};

std::vector<Edge> boundary(const SwathRaster& r, const std::vector<std::size_t>& offsets) {
    std::vector<Edge> edges;
    for (std::uint32_t k = 0; k <= r.rows(); ++k) {
        const auto& below = k > 0 ? r.row(k - 1) : no_spans;
        const auto& above = k < r.rows() ? r.row(k) : no_spans;
        for (const Span& s : difference(below, above)) edges.push_back({s.to, s.from, k, k, -1});   // westward
        for (const Span& s : difference(above, below)) edges.push_back({s.from, s.to, k, k, -1});   // eastward
        if (k == r.rows()) break;
        for (std::size_t j = 0; j < above.size(); ++j) {
            const auto span = static_cast<std::int64_t>(offsets[k] + j);
            edges.push_back({above[j].to, above[j].to, k, k + 1, span});       // east side: north
            edges.push_back({above[j].from, above[j].from, k + 1, k, span});   // west side: south
        }
    }
    return edges;
}

bool left_turn(const Edge& in, const Edge& out) {
    const double dxi = in.x1 - in.x0, dyi = double(in.k1) - double(in.k0);
    const double dxo = out.x1 - out.x0, dyo = double(out.k1) - double(out.k0);
    return dxi * dyo - dyi * dxo > 0;
}

// next[e]: the piece that continues e. Ends and starts sorted by point pair up one to one, except
// where two covered cells touch at a corner: two in, two out; each in turns left, keeping the
// cell it runs along to itself.
std::vector<std::uint32_t> successors(const std::vector<Edge>& edges) {
    using End = std::tuple<std::uint32_t, double, std::uint32_t>; // line, x, edge
    std::vector<End> ins, outs;
    ins.reserve(edges.size());
    outs.reserve(edges.size());
    for (std::uint32_t e = 0; e < edges.size(); ++e) {
        ins.emplace_back(edges[e].k1, edges[e].x1, e);
        outs.emplace_back(edges[e].k0, edges[e].x0, e);
    }
    std::sort(ins.begin(), ins.end());
    std::sort(outs.begin(), outs.end());
    auto point = [](const End& end) { return std::make_pair(std::get<0>(end), std::get<1>(end)); };
    std::vector<std::uint32_t> next(edges.size());
    for (std::size_t i = 0; i < ins.size(); ++i) {
        if (point(ins[i]) != point(outs[i]))
            throw Error(ErrorCode::internal, "coverage outline: boundary does not close");
        if (i + 1 < ins.size() && point(ins[i + 1]) == point(ins[i])) {
            for (std::size_t a = i; a < i + 2; ++a) {
                const auto in = std::get<2>(ins[a]);
                const auto o1 = std::get<2>(outs[i]), o2 = std::get<2>(outs[i + 1]);
                next[in] = left_turn(edges[in], edges[o1]) ? o1 : o2;
            }
            ++i;
            continue;
        }
        next[std::get<2>(ins[i])] = std::get<2>(outs[i]);
    }
    return next;
}

// Drops vertices in the middle of a straight line (two vertical pieces at one x).
std::vector<XY> without_collinear(const std::vector<XY>& ring) {
    std::vector<XY> out;
    const std::size_t n = ring.size();
    for (std::size_t i = 0; i < n; ++i) {
        const XY &prev = ring[(i + n - 1) % n], &here = ring[i], &next = ring[(i + 1) % n];
        const bool straight = (prev.x == here.x && here.x == next.x) || (prev.y == here.y && here.y == next.y);
        if (!straight) out.push_back(here);
    }
    return out;
}

} // namespace

std::vector<PlanePolygon> outline(const SwathRaster& raster) {
    const auto offsets = span_offsets(raster);
    auto uf = components(raster, offsets);
    const auto edges = boundary(raster, offsets);
    const auto next = successors(edges);
    auto line_y = [&](std::uint32_t k) { return raster.y0() + static_cast<double>(k) * raster.row_height(); };
    std::vector<PlanePolygon> polygons;
    std::vector<std::int64_t> polygon_of(offsets.back(), -1); // by component root
    std::vector<bool> seen(edges.size(), false);
    for (std::uint32_t first = 0; first < edges.size(); ++first) {
        if (seen[first]) continue;
        std::vector<XY> ring;
        std::int64_t span = -1;
        // A shell's lowest horizontal pieces run east (covered above them), a hole's run west:
        // the orientation without any arithmetic that could round the wrong way on slivers.
        std::uint32_t lowest = UINT32_MAX;
        bool shell = false;
        for (std::uint32_t e = first; !seen[e]; e = next[e]) {
            const Edge& edge = edges[e];
            seen[e] = true;
            ring.push_back({edge.x0, line_y(edge.k0)});
            if (span < 0) span = edge.span;
            if (edge.span < 0 && edge.k0 < lowest) {
                lowest = edge.k0;
                shell = edge.x1 > edge.x0;
            }
        }
        if (span < 0) throw Error(ErrorCode::internal, "coverage outline: ring without a vertical side");
        auto& index = polygon_of[uf.find(static_cast<std::size_t>(span))];
        if (index < 0) {
            index = static_cast<std::int64_t>(polygons.size());
            polygons.emplace_back();
        }
        auto& polygon = polygons[static_cast<std::size_t>(index)];
        ring = without_collinear(ring);
        if (shell) polygon.outer = std::move(ring);
        else polygon.holes.push_back(std::move(ring));
    }
    return polygons;
}

} // namespace furrow::geo::detail
