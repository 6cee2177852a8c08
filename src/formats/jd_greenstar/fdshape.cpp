#include "formats/jd_greenstar/fdshape.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

namespace furrow::formats::jd_greenstar {
namespace {

constexpr std::size_t rings_at = 0x20;      // u32 ring count
constexpr std::size_t first_ring_at = 0x30; // per ring: u64 kind, u64 point count, points
constexpr std::size_t point_bytes = 20;     // f64 lon, f64 lat, u32 (0 in every sample)
constexpr std::uint64_t max_points = 10'000'000;

template <typename T> T read_at(std::string_view bytes, std::size_t at) {
    if (at > bytes.size() || bytes.size() - at < sizeof(T))
        throw ShapeError("truncated at byte " + std::to_string(at));
    T value;
    std::memcpy(&value, bytes.data() + at, sizeof(T));
    return value;
}

// Even-odd test of a point against a ring.
bool inside(const std::array<double, 2>& p, const Ring& ring) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const auto& a = ring[i];
        const auto& b = ring[j];
        if ((a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]) in = !in;
    }
    return in;
}

nlohmann::json ring_json(const Ring& ring) {
    auto out = nlohmann::json::array();
    for (const auto& p : ring) out.push_back({p[0], p[1]});
    if (!ring.empty() && ring.front() != ring.back()) out.push_back({ring.front()[0], ring.front()[1]});
    return out;
}

} // namespace

std::vector<Ring> read_fdshape_rings(std::string_view bytes) {
    const auto count = read_at<std::uint32_t>(bytes, rings_at);
    std::vector<Ring> rings;
    std::size_t at = first_ring_at;
    for (std::uint32_t r = 0; r < count; ++r) {
        at += 8; // the ring's kind: 1 in every sample, outer ring or interior boundary alike
        const auto points = read_at<std::uint64_t>(bytes, at);
        at += 8;
        if (points > max_points || points * point_bytes > bytes.size() - std::min(at, bytes.size()))
            throw ShapeError("ring " + std::to_string(r) + " says it has " + std::to_string(points) +
                             " points, more than the file holds");
        Ring ring;
        for (std::uint64_t p = 0; p < points; ++p, at += point_bytes)
            ring.push_back({read_at<double>(bytes, at), read_at<double>(bytes, at + 8)});
        if (ring.size() < 3) throw ShapeError("ring " + std::to_string(r) + " has fewer than 3 points");
        rings.push_back(std::move(ring));
    }
    if (at != bytes.size())
        throw ShapeError(std::to_string(count) + " ring(s) end at byte " + std::to_string(at) + " of " +
                         std::to_string(bytes.size()) + ": not the polygon layout of the samples");
    return rings;
}

nlohmann::json multipolygon_of(const std::vector<Ring>& rings) {
    std::vector<std::vector<const Ring*>> polygons;
    for (const auto& ring : rings) {
        auto owner = std::find_if(polygons.begin(), polygons.end(),
                                  [&](const auto& polygon) { return inside(ring.front(), *polygon.front()); });
        if (owner == polygons.end()) polygons.push_back({&ring});
        else owner->push_back(&ring);
    }
    auto coordinates = nlohmann::json::array();
    for (const auto& polygon : polygons) {
        auto json = nlohmann::json::array();
        for (const auto* ring : polygon) json.push_back(ring_json(*ring));
        coordinates.push_back(std::move(json));
    }
    return {{"type", "MultiPolygon"}, {"coordinates", std::move(coordinates)}};
}

} // namespace furrow::formats::jd_greenstar
