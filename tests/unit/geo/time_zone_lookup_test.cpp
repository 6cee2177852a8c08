// The offline time-zone lookup against the answers npm @photostructure/tz-lookup itself gives for
// the same positions (node -e "require('.../tz.js')(lat, lon)", run once when this test was written).
#include "geo/time_zone_lookup.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

namespace furrow::geo {

TEST(TimeZoneLookup, installed_data_names_the_zones_node_names) {
    const auto& zones = installed_time_zones();
    EXPECT_GT(zones.zone_count(), 400u);
    EXPECT_EQ(zones.zone_at(41.7688, -93.4862), "America/Chicago");   // the Gen4 corn harvest, Iowa
    EXPECT_EQ(zones.zone_at(-34.4866, 138.8253), "Australia/Adelaide"); // the CSIRO grape yield
    EXPECT_EQ(zones.zone_at(54.5, 10.1), "Europe/Berlin");             // the CCI forage logs
    EXPECT_EQ(zones.zone_at(46.2, 9.0), "Europe/Zurich");              // the KRONE logs
    EXPECT_EQ(zones.zone_at(52.52, 13.405), "Europe/Berlin");
    EXPECT_EQ(zones.zone_at(-23.55, -46.63), "America/Sao_Paulo");
    EXPECT_EQ(zones.zone_at(36.1, -115.1), "America/Los_Angeles");
    EXPECT_EQ(zones.zone_at(0, -30), "Etc/GMT+2");                     // the Atlantic: nautical zone
    EXPECT_EQ(zones.zone_at(-89.9, 0), "Antarctica/McMurdo");
    EXPECT_EQ(zones.zone_at(89.99, 179.99), "Etc/GMT-12");
    EXPECT_EQ(zones.zone_at(90, 0), "Etc/GMT");
}

TEST(TimeZoneLookup, a_file_of_another_layout_is_refused) {
    EXPECT_THROW(TimeZoneLookup::parse("function tzlookup(){}"), Error);
    EXPECT_THROW(TimeZoneLookup::parse(R"(var X="ab",T=["UTC"];3136 1995 2304 360.00000000000006 180.00000000000003)"), Error);
}

} // namespace furrow::geo
