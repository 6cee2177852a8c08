// The cleaningFilters JSON: defaults, round trip, and errors that name the bad key.
#include "core/error.hpp"
#include "pipeline/cleaning/cleaning_settings.hpp"
#include "pipeline/cleaning/filter_table.hpp"

#include <gtest/gtest.h>

namespace furrow::pipeline::cleaning {
namespace {

using nlohmann::json;

// The parameter an invalid_input error names, and checks its message names it too.
std::string bad_key(const json& filters) {
    try {
        cleaning_settings_from_json(filters);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_input);
        EXPECT_NE(std::string(e.what()).find(e.parameter()), std::string::npos) << e.what();
        return e.parameter();
    }
    ADD_FAILURE() << "accepted " << filters.dump();
    return "";
}

TEST(CleaningSettingsJson, defaults_come_from_the_literature) {
    const auto s = cleaning_settings_from_json(json::object());
    EXPECT_EQ(s.global_sd_limit, 3);     // operationsOutliersLimit's default (Leaf), Vega et al.
    EXPECT_EQ(s.speed_min, 0.5);         // yieldcleanr
    EXPECT_EQ(s.value_lower_quantile, 0.10);
    EXPECT_EQ(s.value_iqr_factor, 1.1);
    EXPECT_EQ(s.local_sd_limit, 2.4);
    EXPECT_EQ(s.overlap_max_share, 0.4);
    EXPECT_FALSE(s.overlap);
}

TEST(CleaningSettingsJson, every_filter_has_a_switch_and_the_json_round_trips) {
    const auto out = to_json(CleaningSettings{});
    for (const auto& f : cleaning_filters()) EXPECT_TRUE(out.at(std::string(f.name)).at("enabled").get<bool>()
                                                         == CleaningSettings{}.*f.enabled) << f.name;
    auto changed = out;
    changed["speedRange"]["max"] = 7.5;
    changed["localSd"]["enabled"] = false;
    changed["passes"]["maxGapSeconds"] = 12;
    const auto s = cleaning_settings_from_json(changed);
    EXPECT_EQ(s.speed_max, 7.5);
    EXPECT_FALSE(s.local_sd);
    EXPECT_EQ(s.pass_max_gap_s, 12);
    EXPECT_EQ(to_json(s), changed);
}

TEST(CleaningSettingsJson, keys_left_out_keep_their_defaults) {
    const auto s = cleaning_settings_from_json({{"globalSd", {{"limit", 2.5}}}});
    EXPECT_EQ(s.global_sd_limit, 2.5);
    EXPECT_TRUE(s.global_sd);
    EXPECT_EQ(s.speed_max, CleaningSettings{}.speed_max);
}

TEST(CleaningSettingsJson, rejects_wrong_types_naming_the_key) {
    EXPECT_EQ(bad_key({{"speedRange", {{"min", "fast"}}}}), "speedRange.min");
    EXPECT_EQ(bad_key({{"localSd", {{"enabled", 1}}}}), "localSd.enabled");
    EXPECT_EQ(bad_key({{"passStart", 4}}), "passStart");
    EXPECT_THROW(cleaning_settings_from_json(json::array()), Error);
}

TEST(CleaningSettingsJson, rejects_negative_and_out_of_range_thresholds) {
    EXPECT_EQ(bad_key({{"globalSd", {{"limit", -1}}}}), "globalSd.limit");
    EXPECT_EQ(bad_key({{"globalSd", {{"limit", 0}}}}), "globalSd.limit");
    EXPECT_EQ(bad_key({{"passEnd", {{"seconds", -2}}}}), "passEnd.seconds");
    EXPECT_EQ(bad_key({{"valueQuantile", {{"upperQuantile", 1.5}}}}), "valueQuantile.upperQuantile");
    EXPECT_EQ(bad_key({{"localSd", {{"minNeighbours", 2.5}}}}), "localSd.minNeighbours");
    EXPECT_EQ(bad_key({{"flowDelay", {{"seconds", 90}}}}), "flowDelay.seconds");
}

TEST(CleaningSettingsJson, rejects_min_above_max) {
    EXPECT_EQ(bad_key({{"speedRange", {{"min", 5}, {"max", 4}}}}), "speedRange.min");
    EXPECT_EQ(bad_key({{"speedQuantile", {{"lowerQuantile", 0.9}, {"upperQuantile", 0.1}}}}), "speedQuantile.lowerQuantile");
    EXPECT_EQ(bad_key({{"valueQuantile", {{"lowerQuantile", 0.5}, {"upperQuantile", 0.5}}}}), "valueQuantile.lowerQuantile");
}

TEST(CleaningSettingsJson, rejects_unknown_filters_and_keys) {
    EXPECT_EQ(bad_key({{"yieldSmoothing", {{"enabled", true}}}}), "yieldSmoothing");
    EXPECT_EQ(bad_key({{"speedRange", {{"minimum", 1}}}}), "speedRange.minimum");
    EXPECT_EQ(bad_key({{"passes", {{"enabled", true}}}}), "passes.enabled"); // a group, not a filter
}

TEST(CleaningSettingsConfig, leaf_outlier_keys_win_over_cleaning_filters) {
    const auto s = cleaning_settings_from_config(
        {{"cleaningFilters", {{"globalSd", {{"limit", 2}}}, {"speedRange", {{"max", 9}}}}}, {"operationsOutliersLimit", 4},
         {"operationsRemoveOutliers", true}, {"unitMeasurement", "METRIC"}});
    EXPECT_EQ(s.global_sd_limit, 4);
    EXPECT_TRUE(s.global_sd);
    EXPECT_EQ(s.speed_max, 9);
}

TEST(CleaningSettingsConfig, rejects_bad_leaf_keys_naming_them) {
    for (const auto& [config, key] : {std::pair{json{{"operationsOutliersLimit", 0}}, "operationsOutliersLimit"},
                                      std::pair{json{{"operationsOutliersLimit", "3"}}, "operationsOutliersLimit"},
                                      std::pair{json{{"operationsRemoveOutliers", "yes"}}, "operationsRemoveOutliers"}}) {
        try {
            cleaning_settings_from_config(config);
            ADD_FAILURE() << "accepted " << config.dump();
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::invalid_input);
            EXPECT_EQ(e.parameter(), key);
        }
    }
}

} // namespace
} // namespace furrow::pipeline::cleaning
