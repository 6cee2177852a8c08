#include "core/time.hpp"

#include <gtest/gtest.h>

namespace furrow {

TEST(Time, formats_epoch_milliseconds_as_iso8601_utc) {
    EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(format_iso8601(1615578655567), "2021-03-12T19:50:55.567Z");
    EXPECT_EQ(format_iso8601(951782400000), "2000-02-29T00:00:00.000Z");
}

TEST(Time, parses_the_documented_and_seen_variants) {
    EXPECT_EQ(parse_iso8601("2021-03-12T19:50:55.567Z"), 1615578655567);
    EXPECT_EQ(parse_iso8601("2021-03-12T19:50:55Z"), 1615578655000);
    EXPECT_EQ(parse_iso8601("2021-03-12T19:50:55.567755Z"), 1615578655567);
    EXPECT_EQ(parse_iso8601("2021-03-12T21:50:55.567+02:00"), 1615578655567);
    EXPECT_EQ(parse_iso8601("2021-03-12T14:50:55.567-0500"), 1615578655567);
    EXPECT_EQ(parse_iso8601("2021-03-12T19:50:55"), 1615578655000);
    EXPECT_EQ(parse_iso8601("2021-03-12"), 1615507200000);
    EXPECT_EQ(parse_iso8601("2020-10-13T12:30"), 1602592200000);
}

TEST(Time, rejects_impossible_and_malformed_dates) {
    for (const char* bad : {"2020-13-45", "2021-02-29", "2021-03-12T24:00:00Z", "2021-03-12T19:50:55.Z",
                            "2021-3-12", "yesterday", "", "2021-03-12T19:50:55Zjunk", "2021-03-12T19:50:55+25:00"})
        EXPECT_FALSE(parse_iso8601(bad)) << bad;
}

TEST(Time, round_trips_through_format_and_parse) {
    for (TimeMs t : {0LL, 1LL, 86'399'999LL, 1'700'000'000'123LL, -86'400'000LL})
        EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
}

} // namespace furrow
