// Pieces of the CSV reader: delimiters, quoting, numbers, text times.
#include "formats/csv/text_table.hpp"
#include "formats/csv/text_time.hpp"

#include <gtest/gtest.h>

namespace furrow::formats::csv::detail {
namespace {

std::vector<std::string> fields_of(std::string_view line, char delimiter) {
    std::vector<std::string> out;
    split_fields(line, delimiter, out);
    return out;
}

TEST(TextTable, detects_comma_semicolon_and_tab) {
    EXPECT_EQ(detect_delimiter({"Lon,Lat,Yield", "1,2,3"}), ',');
    EXPECT_EQ(detect_delimiter({"Lon;Lat;Yield", "1,5;2,5;3"}), ';');
    EXPECT_EQ(detect_delimiter({"Lon\tLat\tYield", "1.5\t2.5\t3"}), '\t');
    EXPECT_EQ(detect_delimiter({"just one column"}), ',');
}

TEST(TextTable, delimiters_inside_quotes_do_not_split) {
    EXPECT_EQ(detect_delimiter({R"(-93.2,39.2,"F1: a; b","L1: x; y")", R"(-93.2,39.2,"F1: c; d","L1: z")"}), ',');
    EXPECT_EQ(fields_of(R"(1,"F1: C1N, north","say ""hi""",  4 )", ','),
              (std::vector<std::string>{"1", "F1: C1N, north", "say \"hi\"", "4"}));
    EXPECT_EQ(fields_of("a;;b", ';'), (std::vector<std::string>{"a", "", "b"}));
}

TEST(TextTable, lines_end_with_lf_or_crlf_and_the_last_may_lack_one) {
    const std::string_view text = "a,b\r\nc,d\n\ne,f";
    std::size_t pos = 0;
    std::vector<std::string_view> lines;
    while (const auto line = next_line(text, pos)) lines.push_back(*line);
    EXPECT_EQ(lines, (std::vector<std::string_view>{"a,b", "c,d", "", "e,f"}));
}

TEST(TextTable, numbers_are_finite_and_na_is_missing) {
    EXPECT_EQ(parse_number(" -93.258294 "), -93.258294);
    EXPECT_EQ(parse_number("+1e3"), 1000);
    EXPECT_FALSE(parse_number("NA"));
    EXPECT_FALSE(parse_number(""));
    EXPECT_FALSE(parse_number("nan"));
    EXPECT_FALSE(parse_number("12abc"));
}

TEST(TextTime, dates_in_both_orders_with_times_of_day_as_utc) {
    DateOrderGuess guess;
    guess.see("5/03/2024");
    EXPECT_EQ(guess.order(), DateOrder::month_first); // nothing decides yet
    guess.see("21/03/2024");
    EXPECT_EQ(guess.order(), DateOrder::day_first);
    EXPECT_EQ(parse_date_time("5/03/2024", "8:04:24", DateOrder::day_first), parse_iso8601("2024-03-05T08:04:24Z"));
    EXPECT_EQ(parse_date_time("5/03/2024", "8:04:24", DateOrder::month_first), parse_iso8601("2024-05-03T08:04:24Z"));
    EXPECT_EQ(parse_date_time("2024-03-05", "08:04", DateOrder::month_first), parse_iso8601("2024-03-05T08:04:00Z"));
    EXPECT_EQ(parse_date_time("9/18/2012", "7:58:05 PM", DateOrder::month_first), parse_iso8601("2012-09-18T19:58:05Z"));
    EXPECT_EQ(parse_date_time("2012-09-18T19:58:05.250+02:00", "", DateOrder::month_first),
              parse_iso8601("2012-09-18T17:58:05.250Z"));
    EXPECT_EQ(parse_date_time("18/09/2012 19:58:05", "", DateOrder::day_first), parse_iso8601("2012-09-18T19:58:05Z"));
    EXPECT_FALSE(parse_date_time("31/02/2024", "8:00", DateOrder::day_first));
    EXPECT_FALSE(parse_date_time("5/3/24", "8:00", DateOrder::day_first)); // two-digit year: not guessed
    EXPECT_FALSE(parse_date_time("soon", "", DateOrder::day_first));
}

TEST(TextTime, a_time_names_its_zone_only_with_z_or_an_offset_after_the_clock) {
    EXPECT_TRUE(names_zone("2017-10-27T08:56:52.124Z"));
    EXPECT_TRUE(names_zone("2012-09-18T19:58:05.250+02:00"));
    EXPECT_TRUE(names_zone("18:36:52-05:00"));
    EXPECT_FALSE(names_zone("2017-10-27T08:56:52.124"));
    EXPECT_FALSE(names_zone("2017-10-27")); // a date's dashes are no offset
    EXPECT_FALSE(names_zone("8/26/2017 6:36:52 PM"));
    EXPECT_FALSE(names_zone(""));
}

} // namespace
} // namespace furrow::formats::csv::detail
