// Expected bytes worked out by hand from the compact protocol spec
// (thrift/doc/specs/thrift-compact-protocol.md): field header = delta << 4 | type, else type byte
// + zigzag varint id; i32/i64 zigzag varints; list header = size << 4 | element type, else 0xF_ + size.
#include "outputs/parquet/parquet_format.hpp"
#include "outputs/parquet/thrift_compact.hpp"

#include "unit/outputs/parquet/byte_list.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace furrow::outputs::parquet {
namespace {

std::vector<int> varint(std::uint64_t v) {
    std::string out;
    append_varint(out, v);
    return bytes_of(out);
}

} // namespace

TEST(ThriftCompact, varints_are_little_endian_groups_of_seven_bits) {
    EXPECT_EQ(varint(0), (std::vector<int>{0x00}));
    EXPECT_EQ(varint(1), (std::vector<int>{0x01}));
    EXPECT_EQ(varint(127), (std::vector<int>{0x7F}));
    EXPECT_EQ(varint(128), (std::vector<int>{0x80, 0x01}));
    EXPECT_EQ(varint(300), (std::vector<int>{0xAC, 0x02})); // 300 = 0b10'0101100
    EXPECT_EQ(varint(16384), (std::vector<int>{0x80, 0x80, 0x01}));
    EXPECT_EQ(varint(std::numeric_limits<std::uint64_t>::max()),
              (std::vector<int>{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}));
}

TEST(ThriftCompact, zigzag_interleaves_signs) {
    EXPECT_EQ(zigzag(0), 0u);
    EXPECT_EQ(zigzag(-1), 1u);
    EXPECT_EQ(zigzag(1), 2u);
    EXPECT_EQ(zigzag(-2), 3u);
    EXPECT_EQ(zigzag(2147483647), 4294967294u);
    EXPECT_EQ(zigzag(-2147483648LL), 4294967295u);
    EXPECT_EQ(zigzag(std::numeric_limits<std::int64_t>::min()), std::numeric_limits<std::uint64_t>::max());
}

TEST(ThriftCompact, field_headers_use_short_deltas_and_the_long_form_past_fifteen) {
    CompactWriter w;
    w.field_i32(1, 5);    // delta 1, i32 (5): 0x15; zigzag(5) = 10
    w.field_i32(3, -1);   // delta 2: 0x25; zigzag(-1) = 1
    w.field_i64(20, 300); // delta 17: long form 0x06, zigzag(20) = 40; zigzag(300) = 600 = 0xD8 0x04
    w.field_bool(21, true);  // bool value in the type nibble: 0x11
    w.field_bool(22, false); // 0x12
    w.field_binary(23, "ab"); // 0x18, length 2, 'a' 'b'
    w.finish();
    EXPECT_EQ(bytes_of(w.bytes()), (std::vector<int>{0x15, 0x0A, 0x25, 0x01, 0x06, 0x28, 0xD8, 0x04, 0x11, 0x12, 0x18,
                                                     0x02, 'a', 'b', 0x00}));
}

TEST(ThriftCompact, lists_and_nested_structs_keep_their_own_field_ids) {
    CompactWriter w;
    w.begin_list_field(2, CompactType::i32, 3); // 0x29, then size 3 of i32: 0x35
    w.element_i32(0);
    w.element_i32(-3);
    w.element_i32(64); // zigzag 128 = 0x80 0x01
    w.begin_struct_field(4); // delta 2, struct (12): 0x2C
    w.field_i32(1, 2);       // the inner struct counts from 0: 0x15 0x04
    w.end_struct();          // 0x00
    w.begin_list_field(5, CompactType::struct_, 1); // 0x19, 0x1C
    w.begin_struct();
    w.field_binary(2, "k"); // 0x28 0x01 'k'
    w.end_struct();
    w.field_i32(6, 1); // back in the outer struct: delta 1 from 5: 0x15 0x02
    w.finish();
    EXPECT_EQ(bytes_of(w.bytes()), (std::vector<int>{0x29, 0x35, 0x00, 0x05, 0x80, 0x01, 0x2C, 0x15, 0x04, 0x00, 0x19,
                                                     0x1C, 0x28, 0x01, 'k', 0x00, 0x15, 0x02, 0x00}));
}

TEST(ThriftCompact, lists_of_fifteen_or_more_carry_their_size_after_the_header) {
    CompactWriter w;
    w.begin_list_field(1, CompactType::binary, 15);
    for (int element_idx = 0; element_idx < 15; ++element_idx) w.element_binary("");
    w.finish();
    std::vector<int> expected{0x19, 0xF8, 0x0F};
    expected.insert(expected.end(), 15, 0x00);
    expected.push_back(0x00);
    EXPECT_EQ(bytes_of(w.bytes()), expected);
}

TEST(ParquetFormat, data_page_header_matches_hand_encoding) {
    PageHeader h{.type = PageType::data_page, .uncompressed_size = 100, .compressed_size = 50,
                 .data = DataPageHeader{.num_values = 3, .encoding = Encoding::plain, .statistics = {}},
                 .dictionary_values = std::nullopt};
    // 1 type 0; 2 size 100 (zigzag 200 = 0xC8 0x01); 3 size 50 (100); 5 DataPageHeader {1 num_values
    // 3 (6); 2 PLAIN 0; 3, 4 RLE 3 (6); 5 Statistics {3 null_count 0 (i64)}}
    EXPECT_EQ(bytes_of(serialize(h)), (std::vector<int>{0x15, 0x00, 0x15, 0xC8, 0x01, 0x15, 0x64, 0x2C, 0x15, 0x06,
                                                        0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x1C, 0x36, 0x00, 0x00,
                                                        0x00, 0x00}));
}

} // namespace furrow::outputs::parquet
