#include "outputs/parquet/wkb.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

namespace furrow::outputs::parquet {
namespace {

constexpr char little_endian = 1; // wkbNDR
constexpr std::uint32_t wkb_point = 1;
constexpr std::uint32_t wkb_polygon = 3;

template <typename T>
void append_le(std::string& out, T value) {
    static_assert(std::endian::native == std::endian::little, "WKB is written little-endian from a little-endian host");
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

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
