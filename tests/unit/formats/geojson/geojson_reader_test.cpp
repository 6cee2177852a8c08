// The GeoJSON reader on collections built here: points with units, skipped features, errors.
#include "core/error.hpp"
#include "formats/geojson/geojson_format.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>

namespace furrow::formats::geojson {
namespace {

using schema::PropertyId;

schema::MachineData read_text(const std::string& json) {
    testing::TempDir dir;
    testing::write_zip(dir.path() / "u.zip", {{"farm/points.geojson", json}});
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    const Format f = format();
    const auto found = f.detect(bundle);
    if (found.size() != 1) throw std::runtime_error("not detected");
    return f.read(bundle, found[0]);
}

std::string error_of(const std::string& json, ErrorCode expected_code = ErrorCode::corrupt_file) {
    try {
        read_text(json);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), expected_code) << e.what();
        return e.what();
    }
    return "no error";
}

std::string point(double lon, double lat, const std::string& props) {
    return R"({"type":"Feature","geometry":{"type":"Point","coordinates":[)" + std::to_string(lon) + "," +
           std::to_string(lat) + R"(]},"properties":{)" + props + "}}";
}

const schema::Column& col(const schema::MachineData& d, PropertyId id) {
    const auto* c = d.points.find(id);
    if (c == nullptr) throw std::runtime_error("no column " + std::string(schema::info(id).key));
    return *c;
}

TEST(GeojsonReader, points_round_trip_with_the_units_member) {
    // "units" after "features": the reader must still apply it.
    const std::string json = R"({"type":"FeatureCollection","features":[)" +
                             point(-93.5, 41.25, R"("timestamp":"2021-09-01T12:00:00.000Z","operationType":"harvested","crop":"corn","wetMassPerArea":9000,"harvestMoisture":18.5,"equipmentWidth":9.144,"recordingStatus":"On")") + "," +
                             point(-93.5001, 41.2501, R"("timestamp":"2021-09-01T12:00:01.500Z","operationType":"harvested","crop":"corn","wetMassPerArea":9100,"harvestMoisture":18.7,"equipmentWidth":9.144,"recordingStatus":"Off","unknownKey":[1,{"a":"}"}])") + "," +
                             point(-93.5002, 41.2502, R"("timestamp":1630497602000,"wetMassPerArea":null,"variety":"P1197","machinery":["S780"])") +
                             R"(],"units":{"wetMassPerArea":"kg/ha","equipmentWidth":"m"}})";
    const auto d = read_text(json);
    ASSERT_EQ(d.points.size(), 3u);
    EXPECT_EQ(d.source.operation_type, schema::OperationType::harvested);
    EXPECT_EQ(d.source.crops, std::vector<std::string>{"corn"});
    EXPECT_EQ(d.source.varieties, std::vector<std::string>{"P1197"});
    EXPECT_EQ(d.points.lon()[1], -93.5001);
    EXPECT_EQ(d.points.lat()[2], 41.2502);
    EXPECT_EQ(d.points.time()[0], *parse_iso8601("2021-09-01T12:00:00Z"));
    EXPECT_EQ(d.points.time()[1], *parse_iso8601("2021-09-01T12:00:01.5Z"));
    EXPECT_EQ(d.points.time()[2], 1630497602000);
    EXPECT_EQ(col(d, PropertyId::wet_mass_per_area).unit->name, "kg/ha");
    EXPECT_EQ(col(d, PropertyId::wet_mass_per_area).values[1], 9100);
    EXPECT_TRUE(std::isnan(col(d, PropertyId::wet_mass_per_area).values[2]));
    EXPECT_EQ(col(d, PropertyId::equipment_width).unit->name, "m");
    // Not in "units": the Farmobile / Leaf default.
    EXPECT_EQ(col(d, PropertyId::harvest_moisture).unit->name, "percentage");
    EXPECT_EQ(col(d, PropertyId::recording_status).values[0], 1);
    EXPECT_EQ(col(d, PropertyId::recording_status).values[1], 0);
    EXPECT_EQ(d.source.reported_totals.at("skippedFeatures").at("value").get<double>(), 0);
}

TEST(GeojsonReader, without_units_member_farmobile_defaults_apply) {
    const auto d = read_text(R"({"features":[)" +
                             point(1, 2, R"("timestamp":"2021-09-01T12:00:00Z","speed":5,"wetMassPerArea":150,"equipmentWidth":30,"elevation":900)") +
                             R"(],"type":"FeatureCollection"})");
    EXPECT_EQ(col(d, PropertyId::speed).unit->name, "mi/hr");
    EXPECT_EQ(col(d, PropertyId::wet_mass_per_area).unit->name, "lb/ac");
    EXPECT_EQ(col(d, PropertyId::equipment_width).unit->name, "ft");
    EXPECT_EQ(col(d, PropertyId::elevation).unit->name, "ft");
}

TEST(GeojsonReader, non_point_features_are_skipped_and_counted) {
    const std::string line = R"({"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{"timestamp":"2021-09-01T12:00:00Z"}})";
    const std::string polygon = R"({"type":"Feature","properties":{"timestamp":"2021-09-01T12:00:00Z"},"geometry":{"coordinates":[[[1,2],[3,4],[1,4],[1,2]]],"type":"Polygon"}})";
    const std::string null_geometry = R"({"type":"Feature","geometry":null,"properties":{}})";
    const std::string no_time = point(5, 6, R"("wetMassPerArea":1)");
    const auto d = read_text(R"({"type":"FeatureCollection","features":[)" + line + "," + polygon + "," + null_geometry + "," +
                             no_time + "," + point(7, 8, R"("timestamp":"2021-09-01T12:00:00Z")") + "]}");
    ASSERT_EQ(d.points.size(), 1u);
    EXPECT_EQ(d.points.lon()[0], 7);
    EXPECT_EQ(d.source.reported_totals.at("skippedFeatures").at("value").get<double>(), 4);
}

TEST(GeojsonReader, malformed_json_names_the_entry_the_error_and_the_byte) {
    const std::string good = point(1, 2, R"("timestamp":"2021-09-01T12:00:00Z")");
    const std::string head = R"({"type":"FeatureCollection","features":[)";
    EXPECT_EQ(error_of(head + good), "geojson: points.geojson: " +
                                         std::string(simdjson::error_message(simdjson::INCOMPLETE_ARRAY_OR_OBJECT)) +
                                         " at byte " + std::to_string(head.size() + good.size()));
    // Inside a feature: simdjson's own message.
    const std::string bad = R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]} "properties":{}}]})";
    const std::string msg = error_of(bad);
    EXPECT_TRUE(msg.starts_with("geojson: points.geojson: ")) << msg;
    EXPECT_NE(msg.find(" at byte "), std::string::npos) << msg;
    EXPECT_TRUE(error_of("[1,2]").starts_with("geojson: points.geojson: ")) << error_of("[1,2]");
    EXPECT_EQ(error_of(R"({"type":"FeatureCollection","features":[]} x)"),
              "geojson: points.geojson: " + std::string(simdjson::error_message(simdjson::TRAILING_CONTENT)) + " at byte 43");
    EXPECT_EQ(error_of(R"({"type":"Topology","features":[]})"), "geojson: points.geojson: not a FeatureCollection");
    EXPECT_EQ(error_of(R"({"type":"FeatureCollection","features":[]})"),
              "geojson: points.geojson: no Point feature with a position and a time");
}

TEST(GeojsonReader, a_property_in_an_unknown_unit_stays_raw_and_is_reported) {
    const std::string json = R"({"type":"FeatureCollection","units":{"speed":"furlongs/fortnight"},"features":[)" +
                             point(1, 2, R"("timestamp":"2021-09-01T12:00:00Z","speed":3,"vrHarvestMoisture":14)") + "]}";
    const auto data = read_text(json);
    EXPECT_EQ(data.points.find(schema::PropertyId::speed), nullptr);
    EXPECT_EQ(data.report.unmapped, std::vector<std::string>{"speed"});
    EXPECT_EQ(data.report.warnings, std::vector<std::string>{"unit 'furlongs/fortnight' of speed is not known: kept raw"});
    ASSERT_NE(data.points.find(schema::PropertyId::harvest_moisture), nullptr); // an ADAPT code, from the catalogue
}

} // namespace
} // namespace furrow::formats::geojson
