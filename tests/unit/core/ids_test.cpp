#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace furrow {

TEST(Ids, new_uuid_is_version_4_and_parses_back) {
    const auto id = new_uuid();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    EXPECT_EQ(parse_uuid(id), id);
}

TEST(Ids, new_uuids_do_not_repeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(new_uuid()).second);
}

TEST(Ids, parse_uuid_lower_cases_and_rejects_malformed) {
    EXPECT_EQ(parse_uuid("9B561906-EFAC-43A3-9378-641E3698DA5D"), "9b561906-efac-43a3-9378-641e3698da5d");
    EXPECT_FALSE(parse_uuid("9b561906efac43a39378641e3698da5d"));
    EXPECT_FALSE(parse_uuid("9b561906-efac-43a3-9378-641e3698da5"));
    EXPECT_FALSE(parse_uuid("9b561906-efac-43a3-9378-641e3698da5g"));
    EXPECT_FALSE(parse_uuid("'; DROP TABLE files; --"));
    EXPECT_FALSE(parse_uuid(""));
}

TEST(Ids, random_hex_has_requested_length) {
    EXPECT_EQ(random_hex(16).size(), 32u);
    EXPECT_NE(random_hex(16), random_hex(16));
}

} // namespace furrow
