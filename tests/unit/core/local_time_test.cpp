// Local wall-clock times -> UTC by ICU's zone rules, checked by hand against the US and EU rules.
#include "core/local_time.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

namespace furrow {
namespace {

TimeMs at(const char* iso) { return *parse_iso8601(iso); } // the wall clock written as if UTC

} // namespace

TEST(LocalTimeZone, daylight_and_standard_time_in_iowa) {
    const LocalTimeZone chicago("America/Chicago");
    EXPECT_EQ(chicago.to_utc(at("2017-10-27T08:56:52.124Z")), at("2017-10-27T13:56:52.124Z")); // CDT, UTC-5
    EXPECT_EQ(chicago.to_utc(at("2017-12-01T08:00:00Z")), at("2017-12-01T14:00:00Z"));         // CST, UTC-6
    // 5 November 2017, 01:30 happened twice: the first (still CDT) is taken.
    EXPECT_EQ(chicago.to_utc(at("2017-11-05T01:30:00Z")), at("2017-11-05T06:30:00Z"));
    // 12 March 2017, 02:30 never happened: read with the offset before the change (CST).
    EXPECT_EQ(chicago.to_utc(at("2017-03-12T02:30:00Z")), at("2017-03-12T08:30:00Z"));
}

TEST(LocalTimeZone, half_hour_zones_and_the_southern_summer) {
    const LocalTimeZone adelaide("Australia/Adelaide");
    EXPECT_EQ(adelaide.to_utc(at("2024-03-05T08:04:24Z")), at("2024-03-04T21:34:24Z")); // ACDT, UTC+10:30
    EXPECT_EQ(adelaide.to_utc(at("2024-07-05T08:04:24Z")), at("2024-07-04T22:34:24Z")); // ACST, UTC+9:30
}

TEST(LocalTimeZone, unknown_zones_are_invalid_input) {
    EXPECT_TRUE(is_time_zone("Europe/Berlin"));
    EXPECT_FALSE(is_time_zone("Mars/Base"));
    EXPECT_FALSE(is_time_zone(""));
    try {
        LocalTimeZone zone("Mars/Base");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_input);
    }
}

} // namespace furrow
