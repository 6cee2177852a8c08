// Expected bytes by hand from OGC 06-103r4 §8.2: byte order 1 (little-endian), uint32 type,
// then IEEE doubles; 1.5 = 0x3FF8000000000000, -2 = 0xC000000000000000.
#include "outputs/parquet/wkb.hpp"

#include "unit/outputs/parquet/byte_list.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace furrow::outputs::parquet {
namespace {

double double_at(const std::string& s, std::size_t offset) {
    double v;
    std::memcpy(&v, s.data() + offset, sizeof v);
    return v;
}

} // namespace

TEST(Wkb, point_is_21_little_endian_bytes) {
    std::string out;
    append_wkb_point(out, 1.5, -2);
    EXPECT_EQ(bytes_of(out), (std::vector<int>{0x01, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0, 0, 0, 0, 0, 0, 0,
                                               0xC0}));
}

TEST(Wkb, polygon_has_one_closed_ring) {
    const std::vector<Position> open{{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    std::string out;
    append_wkb_polygon(out, open);
    // 1 byte order + 4 type + 4 ring count + 4 point count + 5 points x 16.
    ASSERT_EQ(out.size(), 93u);
    EXPECT_EQ(bytes_of(out.substr(0, 13)), (std::vector<int>{0x01, 0x03, 0, 0, 0, 0x01, 0, 0, 0, 0x05, 0, 0, 0}));
    EXPECT_EQ(double_at(out, 13 + 2 * 16), 1.0); // third point x
    EXPECT_EQ(double_at(out, 13 + 2 * 16 + 8), 1.0);
    EXPECT_EQ(double_at(out, 13 + 4 * 16), 0.0); // closing point = first
    EXPECT_EQ(double_at(out, 13 + 4 * 16 + 8), 0.0);

    std::vector<Position> closed = open;
    closed.push_back(open.front());
    std::string again;
    append_wkb_polygon(again, closed);
    EXPECT_EQ(again, out); // an already closed ring is not closed twice
}

} // namespace furrow::outputs::parquet
