#include "geo/outline_simplify.hpp"

#include "geo/geos_polygons.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace furrow::geo {
namespace {

using detail::make_valid;
using detail::PlanePolygon;
using detail::signed_area;
using Ring = std::vector<XY>; // not closed

double perimeter(const Ring& ring) {
    double sum = 0;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        sum += std::hypot(ring[i].x - ring[j].x, ring[i].y - ring[j].y);
    return sum;
}

double distance_to_segment(XY p, XY a, XY b) {
    const double dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
    if (length2 == 0) return std::hypot(p.x - a.x, p.y - a.y);
    const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Douglas-Peucker of ring[from..to] (indices modulo the ring), marking the vertices it keeps.
// Iterative: an outline edge can have tens of thousands of vertices.
void douglas_peucker(const Ring& ring, std::size_t from, std::size_t to, double tolerance, std::vector<bool>& keep) {
    const std::size_t n = ring.size();
    std::vector<std::pair<std::size_t, std::size_t>> stack{{from, to}};
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        double farthest = -1;
        std::size_t at = a;
        for (std::size_t k = a + 1; k < b; ++k) {
            const double d = distance_to_segment(ring[k % n], ring[a % n], ring[b % n]);
            if (d > farthest) farthest = d, at = k;
        }
        if (farthest <= tolerance) continue;
        keep[at % n] = true;
        stack.push_back({a, at});
        stack.push_back({at, b});
    }
}

// A closed ring has no natural end points: it is cut at its first vertex and at the vertex farthest
// from it, and each half is simplified on its own.
Ring simplify_ring(const Ring& ring, double tolerance) {
    const std::size_t n = ring.size();
    std::size_t far = 0;
    double far_d = -1;
    for (std::size_t k = 1; k < n; ++k) {
        const double d = std::hypot(ring[k].x - ring[0].x, ring[k].y - ring[0].y);
        if (d > far_d) far_d = d, far = k;
    }
    std::vector<bool> keep(n, false);
    keep[0] = keep[far] = true;
    douglas_peucker(ring, 0, far, tolerance, keep);
    douglas_peucker(ring, far, n, tolerance, keep);
    if (std::count(keep.begin(), keep.end(), true) < 3) { // all within the tolerance: keep a triangle
        std::size_t apex = 0;
        double apex_d = -1;
        for (std::size_t k = 1; k < n; ++k) {
            const double d = distance_to_segment(ring[k], ring[0], ring[far]);
            if (d > apex_d && k != far) apex_d = d, apex = k;
        }
        keep[apex] = true;
    }
    Ring out;
    for (std::size_t k = 0; k < n; ++k)
        if (keep[k]) out.push_back(ring[k]);
    return out;
}

// Steps 1 and 2 of the header at one tolerance.
std::vector<PlanePolygon> simplify_at(const std::vector<PlanePolygon>& outline, double tolerance) {
    const double smallest = tolerance * tolerance;
    // The largest polygon always stays, however coarse the tolerance: an outline never vanishes.
    const auto largest = std::max_element(outline.begin(), outline.end(), [](const auto& a, const auto& b) {
        return signed_area(a.outer) < signed_area(b.outer);
    });
    std::vector<PlanePolygon> out;
    for (auto it = outline.begin(); it != outline.end(); ++it) {
        const auto& polygon = *it;
        if (it != largest && std::fabs(signed_area(polygon.outer)) < smallest) continue;
        PlanePolygon simplified{simplify_ring(polygon.outer, tolerance), {}};
        if (simplified.outer.size() < 3) continue;
        for (const auto& hole : polygon.holes) {
            if (std::fabs(signed_area(hole)) < smallest) continue;
            auto ring = simplify_ring(hole, tolerance);
            if (ring.size() >= 3) simplified.holes.push_back(std::move(ring));
        }
        out.push_back(std::move(simplified));
    }
    return out;
}

// Moves every vertex `distance` to the right of the ring's direction (outwards from the covered
// side, which is on the left), along the bisector of its two edges (a mitre, at most twice the
// distance long at sharp corners).
Ring offset_ring(const Ring& ring, double distance) {
    const std::size_t n = ring.size();
    Ring out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const XY prev = ring[(i + n - 1) % n], here = ring[i], next = ring[(i + 1) % n];
        auto right_normal = [](XY a, XY b) {
            const double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
            return length == 0 ? XY{0, 0} : XY{dy / length, -dx / length};
        };
        const XY n1 = right_normal(prev, here), n2 = right_normal(here, next);
        XY bisector{n1.x + n2.x, n1.y + n2.y};
        const double length = std::hypot(bisector.x, bisector.y);
        if (length < 1e-12) { // a spike back on itself: move along the incoming edge's normal
            out[i] = {here.x + n1.x * distance, here.y + n1.y * distance};
            continue;
        }
        bisector = {bisector.x / length, bisector.y / length};
        const double cos_half = std::max(0.5, bisector.x * n1.x + bisector.y * n1.y);
        out[i] = {here.x + bisector.x * distance / cos_half, here.y + bisector.y * distance / cos_half};
    }
    return out;
}

// Step 4: gives back the area Douglas-Peucker took. A hole that the offset turns inside out (a
// sliver narrower than twice the offset) is closed; likewise a shell when the offset is inwards.
void restore_area(std::vector<PlanePolygon>& polygons, double target_area) {
    for (int round = 0; round < 2; ++round) {
        double length = 0;
        for (const auto& p : polygons) {
            length += perimeter(p.outer);
            for (const auto& h : p.holes) length += perimeter(h);
        }
        if (length == 0) return;
        const double distance = (target_area - planar_area(polygons)) / length;
        std::vector<PlanePolygon> moved;
        for (const auto& p : polygons) {
            PlanePolygon q{offset_ring(p.outer, distance), {}};
            if (signed_area(q.outer) <= 0) continue;
            for (const auto& h : p.holes) {
                auto ring = offset_ring(h, distance);
                if (signed_area(ring) < 0) q.holes.push_back(std::move(ring));
            }
            moved.push_back(std::move(q));
        }
        polygons = std::move(moved);
    }
}

} // namespace

double planar_area(const std::vector<PlanePolygon>& polygons) {
    double sum = 0;
    for (const auto& p : polygons) {
        sum += signed_area(p.outer);
        for (const auto& h : p.holes) sum += signed_area(h);
    }
    return sum;
}

std::size_t vertex_count(const std::vector<PlanePolygon>& polygons) {
    std::size_t sum = 0;
    for (const auto& p : polygons) {
        sum += p.outer.size();
        for (const auto& h : p.holes) sum += h.size();
    }
    return sum;
}

SimplifiedOutline simplify_outline(const std::vector<PlanePolygon>& outline, double tolerance_m,
                                   std::size_t max_vertices) {
    SimplifiedOutline out{simplify_at(outline, tolerance_m), tolerance_m};
    while (vertex_count(out.polygons) > max_vertices) {
        out.tolerance_m *= 1.5;
        out.polygons = simplify_at(outline, out.tolerance_m);
    }
    restore_area(out.polygons, planar_area(outline));
    make_valid(out.polygons);
    return out;
}

} // namespace furrow::geo
