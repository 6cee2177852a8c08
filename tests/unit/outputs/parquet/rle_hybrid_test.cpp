// Expected bytes by hand from parquet-format Encodings.md ("Run Length Encoding / Bit-Packing
// Hybrid"): RLE run header = count << 1, then the value in ceil(width/8) bytes; bit-packed header
// = groups << 1 | 1, then the values LSB first.
#include "outputs/parquet/rle_hybrid.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace furrow::outputs::parquet {
namespace {

std::vector<int> encode(const std::vector<std::uint32_t>& values, int width) {
    std::string out;
    append_rle_hybrid(out, values, width);
    std::vector<int> bytes;
    for (unsigned char c : out) bytes.push_back(c);
    return bytes;
}

} // namespace

TEST(RleHybrid, bit_width_is_at_least_one) {
    EXPECT_EQ(bit_width(0), 1);
    EXPECT_EQ(bit_width(1), 1);
    EXPECT_EQ(bit_width(2), 2);
    EXPECT_EQ(bit_width(3), 2);
    EXPECT_EQ(bit_width(4), 3);
    EXPECT_EQ(bit_width(255), 8);
    EXPECT_EQ(bit_width(256), 9);
}

TEST(RleHybrid, long_runs_become_rle_runs) {
    EXPECT_EQ(encode(std::vector<std::uint32_t>(10, 1), 1), (std::vector<int>{0x14, 0x01}));
    // 300 zeros: count << 1 = 600 = varint 0xD8 0x04; then 9 at width 9: two value bytes.
    std::vector<std::uint32_t> v(300, 0);
    v.insert(v.end(), 8, 259);
    EXPECT_EQ(encode(v, 9), (std::vector<int>{0xD8, 0x04, 0x00, 0x00, 0x10, 0x03, 0x01}));
}

TEST(RleHybrid, short_runs_are_bit_packed_in_groups_of_eight) {
    // 1,0,1,1,0,0,0,1 -> bits 0,2,3,7 set = 0x8D.
    EXPECT_EQ(encode({1, 0, 1, 1, 0, 0, 0, 1}, 1), (std::vector<int>{0x03, 0x8D}));
    // The spec's own example: 0..7 at width 3 -> 10001000 11000110 11111010.
    EXPECT_EQ(encode({0, 1, 2, 3, 4, 5, 6, 7}, 3), (std::vector<int>{0x03, 0x88, 0xC6, 0xFA}));
    // A partial last group is padded with zeros: 0,1,2 at width 2 -> 0b00100100, 0.
    EXPECT_EQ(encode({0, 1, 2}, 2), (std::vector<int>{0x03, 0x24, 0x00}));
}

TEST(RleHybrid, mixes_packed_groups_and_runs) {
    // 1,0 x4 (8 values, packed: 0x55), then 12 ones (RLE: 24 = 0x18, 1), then 0,1 (packed, padded: 0x02).
    std::vector<std::uint32_t> v{1, 0, 1, 0, 1, 0, 1, 0};
    v.insert(v.end(), 12, 1);
    v.insert(v.end(), {0, 1});
    EXPECT_EQ(encode(v, 1), (std::vector<int>{0x03, 0x55, 0x18, 0x01, 0x03, 0x02}));
}

TEST(RleHybrid, consecutive_packed_groups_share_one_header) {
    std::vector<std::uint32_t> v;
    for (int value_idx = 0; value_idx < 16; ++value_idx) v.push_back(value_idx % 2);
    EXPECT_EQ(encode(v, 1), (std::vector<int>{0x05, 0xAA, 0xAA}));
}

} // namespace furrow::outputs::parquet
