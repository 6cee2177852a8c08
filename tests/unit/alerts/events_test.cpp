#include "alerts/events.hpp"
#include "alerts/retry_schedule.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace furrow::alerts {

TEST(AlertEvents, docs_alerts_md_names_every_event) {
    std::ifstream in(std::string(FURROW_SOURCE_DIR) + "/docs/ALERTS.md");
    ASSERT_TRUE(in) << "docs/ALERTS.md is missing";
    std::stringstream text;
    text << in.rdbuf();
    std::set<std::string> names;
    for (const auto& e : all_events()) {
        EXPECT_TRUE(names.insert(std::string(e.name)).second) << "listed twice: " << e.name;
        EXPECT_NE(text.str().find("`" + std::string(e.name) + "`"), std::string::npos) << e.name << " is not in ALERTS.md";
    }
}

TEST(AlertEvents, file_events_are_named_after_the_file_origin) {
    using store::FileOrigin;
    EXPECT_EQ(file_event_type(FileOrigin::uploaded, false), "uploadedFileProcessingFinished");
    EXPECT_EQ(file_event_type(FileOrigin::uploaded, true), "uploadedFileProcessingFailed");
    EXPECT_EQ(file_event_type(FileOrigin::merged, false), "mergedFileProcessingFinished");
    EXPECT_EQ(file_event_type(FileOrigin::automerged, true), "automergedFileProcessingFailed");
    // Every origin has both events (Leaf's names, listed in ALERTS.md).
    for (const auto& origin : store::file_origin_table) {
        EXPECT_NO_THROW(file_event_type(origin.value, false)) << origin.name;
        EXPECT_NO_THROW(file_event_type(origin.value, true)) << origin.name;
    }
}

TEST(AlertEvents, timestamps_have_microseconds_and_z) {
    using namespace std::chrono;
    const system_clock::time_point t{microseconds(1682079387997586)}; // Leaf's sample, 2023-04-21
    EXPECT_EQ(event_timestamp(t), "2023-04-21T12:16:27.997586Z");
    EXPECT_EQ(event_timestamp(system_clock::time_point{microseconds(5)}), "1970-01-01T00:00:00.000005Z");
    EXPECT_TRUE(std::regex_match(event_timestamp(system_clock::now()),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
}

TEST(AlertRetrySchedule, follows_the_list_then_gives_up) {
    const std::vector<int> leaf = {60, 1800, 3600, 14400};
    EXPECT_EQ(max_attempts(leaf), 5);
    EXPECT_EQ(retry_delay_ms(leaf, 1), 60'000);
    EXPECT_EQ(retry_delay_ms(leaf, 2), 1'800'000);
    EXPECT_EQ(retry_delay_ms(leaf, 4), 14'400'000);
    EXPECT_EQ(retry_delay_ms(leaf, 5), std::nullopt);
    EXPECT_EQ(retry_delay_ms({}, 1), std::nullopt);
}

} // namespace furrow::alerts
