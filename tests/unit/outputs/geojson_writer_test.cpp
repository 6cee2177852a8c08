#include "outputs/geojson_writer.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace furrow::outputs {

TEST(GeojsonWriter, writes_valid_feature_collection_without_missing_values) {
    schema::MachineData d;
    d.source.operation_type = schema::OperationType::applied;
    auto& t = d.points;
    t.add_point(8.123456789, 52.5, 0);
    t.add_point(-93.5, 41.85, 1000);
    t.set(schema::PropertyId::applied_rate, schema::unit("kg/ha"), 1, 150.25);
    t.set(schema::PropertyId::recording_status, schema::unit("flag"), 0, 0);
    t.set(schema::PropertyId::recording_status, schema::unit("flag"), 1, 1);
    testing::TempDir dir;
    write_points_geojson(d, {.include_units = true, .crop = "wheat"}, dir.path() / "o.geojson");
    std::ifstream in(dir.path() / "o.geojson");
    const auto fc = nlohmann::json::parse(in);
    EXPECT_EQ(fc["type"], "FeatureCollection");
    EXPECT_EQ(fc["units"]["appliedRate"], "kg/ha");
    ASSERT_EQ(fc["features"].size(), 2u);
    const auto& first = fc["features"][0];
    EXPECT_NEAR(first["geometry"]["coordinates"][0].get<double>(), 8.123456789, 1e-8);
    EXPECT_EQ(first["properties"]["timestamp"], "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(first["properties"]["operationType"], "applied");
    EXPECT_EQ(first["properties"]["crop"], "wheat");
    EXPECT_EQ(first["properties"]["recordingStatus"], "Off");
    EXPECT_FALSE(first["properties"].contains("appliedRate"));
    EXPECT_EQ(fc["features"][1]["properties"]["appliedRate"], 150.25);
    EXPECT_EQ(fc["features"][1]["properties"]["recordingStatus"], "On");
}

} // namespace furrow::outputs
