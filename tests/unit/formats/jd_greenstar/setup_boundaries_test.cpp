// The GreenStar 3 .fdShape ring reader and the rings -> MultiPolygon rule on hand-built bytes.
#include "formats/jd_greenstar/fdshape.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace furrow::formats::jd_greenstar {
namespace {

template <typename T> void put(std::string& b, T v) {
    char raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));
    b.append(raw, sizeof(T));
}

// The samples' layout: 16 zero bytes, 01 02 and zeros to 0x20, u32 ring count and zeros to 0x30,
// then per ring u64 kind (1), u64 point count and 20-byte points (lon, lat, u32 0).
std::string fdshape(const std::vector<Ring>& rings) {
    std::string b(16, '\0');
    b += std::string("\x01\x02", 2) + std::string(14, '\0');
    put<std::uint32_t>(b, static_cast<std::uint32_t>(rings.size()));
    b += std::string(12, '\0');
    for (const auto& ring : rings) {
        put<std::uint64_t>(b, 1);
        put<std::uint64_t>(b, ring.size());
        for (const auto& p : ring) {
            put(b, p[0]);
            put(b, p[1]);
            put<std::uint32_t>(b, 0);
        }
    }
    return b;
}

const Ring outer = {{-90.49, 41.49}, {-90.48, 41.49}, {-90.48, 41.50}, {-90.49, 41.50}, {-90.49, 41.49}};
const Ring hole = {{-90.487, 41.493}, {-90.483, 41.493}, {-90.483, 41.497}, {-90.487, 41.493}};
const Ring apart = {{-90.47, 41.49}, {-90.46, 41.49}, {-90.46, 41.50}};

TEST(FdShape, ReadsRingsToTheLastByte) {
    const auto rings = read_fdshape_rings(fdshape({outer, hole}));
    ASSERT_EQ(rings.size(), 2u);
    EXPECT_EQ(rings[0], outer);
    EXPECT_EQ(rings[1], hole);
    // 0x30 + (16 + 5 * 20) + (16 + 4 * 20) bytes
    EXPECT_EQ(fdshape({outer, hole}).size(), 0x30u + 116u + 96u);
}

TEST(FdShape, HolesJoinTheirOuterRingOthersStandAlone) {
    const auto geometry = multipolygon_of({outer, hole, apart});
    EXPECT_EQ(geometry["type"], "MultiPolygon");
    ASSERT_EQ(geometry["coordinates"].size(), 2u);
    EXPECT_EQ(geometry["coordinates"][0].size(), 2u); // outer ring + hole
    EXPECT_EQ(geometry["coordinates"][1].size(), 1u);
    // An open ring is closed: the three points of `apart` and the first again.
    EXPECT_EQ(geometry["coordinates"][1][0].size(), 4u);
    EXPECT_EQ(geometry["coordinates"][1][0][3], geometry["coordinates"][1][0][0]);
}

TEST(FdShape, RefusesAnythingButTheWholeLayout) {
    const std::string good = fdshape({outer});
    EXPECT_THROW(read_fdshape_rings(good.substr(0, good.size() - 1)), ShapeError);
    EXPECT_THROW(read_fdshape_rings(good + "x"), ShapeError);
    EXPECT_THROW(read_fdshape_rings(good.substr(0, 0x20)), ShapeError);
    EXPECT_THROW(read_fdshape_rings(fdshape({{{0, 0}, {1, 1}}})), ShapeError);
    std::string huge = good;
    std::uint64_t points = 1ull << 62;
    std::memcpy(huge.data() + 0x38, &points, sizeof points);
    EXPECT_THROW(read_fdshape_rings(huge), ShapeError);
}

} // namespace
} // namespace furrow::formats::jd_greenstar
