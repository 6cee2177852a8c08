#include "core/error.hpp"
#include "pipeline/catalogue.hpp"
#include "pipeline/configuration.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace furrow::pipeline {

// docs/CONFIGURATIONS.md is the key table in prose; it must have a row for every key.
TEST(ConfigurationDoc, lists_every_key) {
    std::ifstream in(std::string(FURROW_SOURCE_DIR) + "/docs/CONFIGURATIONS.md");
    ASSERT_TRUE(in) << "docs/CONFIGURATIONS.md is missing";
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& key : configuration_keys())
        EXPECT_NE(text.str().find("| `" + std::string(key.name) + "` |"), std::string::npos)
            << key.name << " is not in docs/CONFIGURATIONS.md";
}

TEST(Configuration, defaults_give_leafs_settings) {
    nlohmann::json defaults = nlohmann::json::object();
    for (const auto& key : configuration_keys()) defaults[std::string(key.name)] = key.default_value;
    const auto s = settings_of(defaults);
    EXPECT_TRUE(s.cleanup_standard_geojson);
    // The outputs Leaf makes by default (read through the catalogue, as the pipeline does).
    EXPECT_TRUE(output_enabled(*catalogue().find_output("filteredGeojson"), defaults));
    EXPECT_FALSE(output_enabled(*catalogue().find_output("standardGeoparquet"), defaults));
    EXPECT_FALSE(output_enabled(*catalogue().find_output("images"), defaults));
    EXPECT_EQ(s.outliers_limit, 3);
    EXPECT_EQ(s.unit_system, UnitSystem::default_units);
}

TEST(Configuration, changes_are_validated_per_key) {
    EXPECT_NO_THROW(validated_changes({{"unitMeasurement", "IMPERIAL"}}, false));
    EXPECT_THROW(validated_changes({{"unitMeasurement", "imperial"}}, false), Error);
    EXPECT_THROW(validated_changes({{"operationsMergeRange", 1.5}}, false), Error);
    EXPECT_THROW(validated_changes({{"geoimagesColorRamp", {{"0%", {300, 0, 0}}}}}, false), Error);
    EXPECT_NO_THROW(validated_changes({{"cleanupRules", {{"crop", {{{"operator", "NE"}, {"value", "unknown"}}}}}}}, false));
    try {
        validated_changes({{"fieldsAttachIntersection", 101}}, false);
        FAIL() << "101 % accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.parameter(), "fieldsAttachIntersection");
        EXPECT_EQ(e.code(), ErrorCode::invalid_input);
    }
}

TEST(Configuration, null_inherits_for_users_only) {
    EXPECT_THROW(validated_changes({{"enableGeoparquetOutput", nullptr}}, false), Error);
    auto stored = nlohmann::json{{"enableGeoparquetOutput", true}, {"unitMeasurement", "METRIC"}};
    apply_changes(stored, validated_changes({{"enableGeoparquetOutput", nullptr}}, true));
    EXPECT_EQ(stored, (nlohmann::json{{"unitMeasurement", "METRIC"}}));
}

} // namespace furrow::pipeline
