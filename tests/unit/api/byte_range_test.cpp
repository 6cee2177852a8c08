#include "api/byte_range.hpp"

#include <gtest/gtest.h>

namespace furrow::api {

using Kind = ByteRange::Kind;

TEST(ByteRange, reads_the_three_single_range_forms) {
    auto r = parse_byte_range("bytes=0-9", 100);
    EXPECT_EQ(r.kind, Kind::part);
    EXPECT_EQ(r.first, 0u);
    EXPECT_EQ(r.length, 10u);
    r = parse_byte_range("bytes=90-", 100);
    EXPECT_EQ(r.kind, Kind::part);
    EXPECT_EQ(r.first, 90u);
    EXPECT_EQ(r.length, 10u);
    r = parse_byte_range("bytes=-30", 100);
    EXPECT_EQ(r.kind, Kind::part);
    EXPECT_EQ(r.first, 70u);
    EXPECT_EQ(r.length, 30u);
}

TEST(ByteRange, clamps_to_the_end) {
    auto r = parse_byte_range("bytes=50-1000", 100);
    EXPECT_EQ(r.first, 50u);
    EXPECT_EQ(r.length, 50u);
    r = parse_byte_range("bytes=-1000", 100);
    EXPECT_EQ(r.first, 0u);
    EXPECT_EQ(r.length, 100u);
}

TEST(ByteRange, past_the_end_is_unsatisfiable) {
    EXPECT_EQ(parse_byte_range("bytes=100-", 100).kind, Kind::unsatisfiable);
    EXPECT_EQ(parse_byte_range("bytes=-0", 100).kind, Kind::unsatisfiable);
    EXPECT_EQ(parse_byte_range("bytes=0-", 0).kind, Kind::unsatisfiable);
}

TEST(ByteRange, anything_else_means_the_whole_file) {
    for (const char* header : {"", "bytes=0-1,4-5", "items=0-9", "bytes=9-1", "bytes=a-b", "bytes=-", "bytes=5"}) {
        const auto r = parse_byte_range(header, 100);
        EXPECT_EQ(r.kind, Kind::whole) << header;
        EXPECT_EQ(r.length, 100u) << header;
    }
}

} // namespace furrow::api
