#include "outputs/number_text.hpp"

#include <gtest/gtest.h>

namespace furrow::outputs {
namespace {

std::string fixed(double v, int decimals) {
    fmt::memory_buffer b;
    append_fixed(b, v, decimals);
    return fmt::to_string(b);
}

std::string stamp(TimestampWriter& w, TimeMs t) {
    fmt::memory_buffer b;
    w.append(b, t);
    return fmt::to_string(b);
}

} // namespace

TEST(NumberText, rounds_to_the_decimals_and_trims_zeros) {
    EXPECT_EQ(fixed(24.488280612, 6), "24.488281");
    EXPECT_EQ(fixed(9.0, 6), "9");
    EXPECT_EQ(fixed(0.5, 6), "0.5");
    EXPECT_EQ(fixed(-93.62992754, 8), "-93.62992754");
    EXPECT_EQ(fixed(-0.00000001, 6), "0");
    EXPECT_EQ(fixed(-0.25, 6), "-0.25");
    EXPECT_EQ(fixed(0.0000005, 6), "0.000001");
    EXPECT_EQ(fixed(1234567.0000004, 6), "1234567");
    EXPECT_EQ(fixed(0.000123, 6), "0.000123");
    EXPECT_EQ(std::stod(fixed(3.0e15, 6)), 3.0e15); // past int64 at this scale: shortest exact text
}

TEST(NumberText, timestamps_match_the_iso8601_formatter_across_days) {
    TimestampWriter w;
    for (TimeMs t : {0LL, 999LL, 86'399'999LL, 86'400'000LL, 1'692'079'200'123LL, 1'692'165'599'999LL, -1LL,
                     1'692'079'200'123LL})
        EXPECT_EQ(stamp(w, t), format_iso8601(t)) << t;
}

} // namespace furrow::outputs
