#include "outputs/parquet/wkb.hpp"

#include "outputs/parquet/little_endian.hpp"

#include <cstdint>

namespace furrow::outputs::parquet {
namespace {

constexpr char little_endian = 1; // wkbNDR
constexpr std::uint32_t wkb_point = 1;
constexpr std::uint32_t wkb_polygon = 3;

} // namespace

void append_wkb_point(std::string& out, double x, double y) {
    out.push_back(little_endian);
    append_le(out, wkb_point);
    append_le(out, x);
    append_le(out, y);
}

void append_wkb_polygon(std::string& out, std::span<const Position> ring) {
    const bool closed = !ring.empty() && ring.front() == ring.back();
    out.push_back(little_endian);
    append_le(out, wkb_polygon);
    append_le(out, std::uint32_t{1}); // rings
    append_le(out, static_cast<std::uint32_t>(ring.size() + (closed || ring.empty() ? 0 : 1)));
    for (const auto& [x, y] : ring) {
        append_le(out, x);
        append_le(out, y);
    }
    if (!closed && !ring.empty()) {
        append_le(out, ring.front().first);
        append_le(out, ring.front().second);
    }
}

} // namespace furrow::outputs::parquet
