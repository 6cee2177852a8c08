#include "formats/shapefile/shapefile_reader.hpp"

#include "core/error.hpp"
#include "formats/shapefile/record_time.hpp"
#include "support/temp_dir.hpp"
#include "unit/formats/shapefile/shapefile_fixture.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::formats::shapefile {
namespace {

namespace fs = std::filesystem;
using schema::PropertyId;
using testing::Fixture;

struct Workspace {
    furrow::testing::TempDir dir;
    fs::path shp_dir() const { return dir.path() / "shp"; }
    fs::path zip() const { return dir.path() / "upload.zip"; }
    Workspace() { fs::create_directory(shp_dir()); }
};

schema::MachineData write_and_read(const Fixture& fixture, const furrow::testing::ZipEntries& extra = {}) {
    Workspace w;
    testing::write_shapefile(w.shp_dir(), fixture);
    testing::zip_dir(w.shp_dir(), w.zip(), extra);
    return testing::read_zip(w.zip());
}

const schema::Column& column(const schema::MachineData& data, PropertyId id) {
    const auto* c = data.points.find(id);
    if (c == nullptr) throw std::runtime_error("no column " + std::string(schema::info(id).key));
    return *c;
}

// The SMS yield export's columns, as the OFPEDATA2 sample has them.
Fixture sms_yield() {
    Fixture f;
    f.fields = {{"product", OFTString}, {"dataset", OFTString}, {"date", OFTDate}, {"durtn_s", OFTReal},
                {"swth_w_", OFTReal}, {"mostr__", OFTReal}, {"yld_mss_w", OFTReal}, {"are_cnt", OFTString}};
    f.features = {
        {"POINT (-110.55 47.88)", {"Wheat", "18/07/18-15:16:35 (236597)", "2018/07/18", "1", "39", "11.6", "3585.1", "On"}},
        {"POINT (-110.5501 47.8801)", {"Wheat", "18/07/18-15:16:35 (236597)", "2018/07/18", "2", "39", "11.8", "3600", "Off"}},
        {"POINT (-110.5502 47.8802)", {"Wheat", "18/07/18-15:20:00 (236598)", "2018/07/18", "1", "39", "", "3610", "On"}},
    };
    return f;
}

} // namespace

TEST(ShapefileReader, reads_sms_yield_columns_in_source_units) {
    const auto data = write_and_read(sms_yield());
    EXPECT_EQ(data.source.operation_type, schema::OperationType::harvested);
    EXPECT_EQ(data.source.crops, std::vector<std::string>{"wheat"}); // SMS names the harvested crop "product"
    EXPECT_TRUE(data.source.products.empty());
    ASSERT_EQ(data.points.size(), 3u);
    EXPECT_DOUBLE_EQ(data.points.lon()[1], -110.5501);
    EXPECT_DOUBLE_EQ(data.points.lat()[1], 47.8801);
    const auto& width = column(data, PropertyId::equipment_width);
    EXPECT_EQ(width.unit->name, "ft");
    EXPECT_DOUBLE_EQ(width.values[0], 39);
    const auto& wet = column(data, PropertyId::wet_mass_per_area);
    EXPECT_EQ(wet.unit->name, "lb/ac");
    EXPECT_DOUBLE_EQ(wet.values[0], 3585.1);
    const auto& moisture = column(data, PropertyId::harvest_moisture);
    EXPECT_TRUE(std::isnan(moisture.values[2])); // empty stays empty, not 0
    const auto& on = column(data, PropertyId::recording_status);
    EXPECT_EQ(on.values, (std::vector<double>{1, 0, 1}));
}

TEST(ShapefileReader, sms_times_are_date_plus_session_start_plus_durations) {
    const auto data = write_and_read(sms_yield());
    const TimeMs start = *parse_iso8601("2018-07-18T15:16:35Z");
    EXPECT_EQ(data.points.time()[0], start);
    EXPECT_EQ(data.points.time()[1], start + 1000);                              // after the first record's 1 s
    EXPECT_EQ(data.points.time()[2], *parse_iso8601("2018-07-18T15:20:00Z")); // a new session restarts the sum
}

TEST(ShapefileReader, dbase_overflow_stars_become_nan) {
    Workspace w;
    Fixture f;
    f.fields = {{"AppldRt", OFTReal, 10, 3}, {"SWATHWI", OFTReal, 10, 3}};
    f.features = {{"POINT (-96.67 49.55)", {"150.5", "31.5"}}, {"POINT (-96.68 49.55)", {"151.25", "31.5"}}};
    testing::write_shapefile(w.shp_dir(), f);
    testing::overflow_dbf_value(w.shp_dir() / "field.dbf", 1, 0);
    testing::zip_dir(w.shp_dir(), w.zip());
    const auto data = testing::read_zip(w.zip());
    const auto& rate = column(data, PropertyId::applied_rate);
    EXPECT_DOUBLE_EQ(rate.values[0], 150.5);
    EXPECT_TRUE(std::isnan(rate.values[1])) << rate.values[1];
    EXPECT_DOUBLE_EQ(column(data, PropertyId::equipment_width).values[1], 31.5);
}

TEST(ShapefileReader, numbers_stored_as_text_must_be_whole_numbers) {
    Fixture f;
    f.fields = {{"WetMass", OFTString}};
    f.features = {{"POINT (1 2)", {"12.5"}}, {"POINT (1 2)", {"****"}}, {"POINT (1 2)", {"12abc"}}, {"POINT (1 2)", {""}}};
    const auto data = write_and_read(f);
    const auto& wet = column(data, PropertyId::wet_mass_per_area).values;
    EXPECT_DOUBLE_EQ(wet[0], 12.5);
    EXPECT_TRUE(std::isnan(wet[1]) && std::isnan(wet[2]) && std::isnan(wet[3]));
}

TEST(ShapefileReader, projected_coordinates_without_prj_fail_cleanly) {
    Workspace w;
    Fixture f;
    f.epsg = std::nullopt;
    f.fields = {{"WetMass", OFTReal}};
    f.features = {{"POINT (533034.3 5302921.3)", {"100"}}};
    testing::write_shapefile(w.shp_dir(), f);
    testing::zip_dir(w.shp_dir(), w.zip());
    try {
        testing::read_zip(w.zip());
        FAIL() << "read a projected shapefile without .prj";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_file);
        EXPECT_STREQ(e.what(), "shapefile: field.shp: no .prj and coordinates are not longitude/latitude");
    }
}

TEST(ShapefileReader, lon_lat_without_prj_is_taken_as_wgs84) {
    Fixture f;
    f.epsg = std::nullopt;
    f.fields = {{"FLOW", OFTReal}, {"SWATH", OFTInteger}, {"TIME", OFTInteger64}};
    f.features = {{"POINT (-93.277084 41.537138)", {"13.34", "240", "1347998298"}}};
    const auto data = write_and_read(f);
    EXPECT_DOUBLE_EQ(data.points.lon()[0], -93.277084);
    EXPECT_EQ(data.points.time()[0], 1'347'998'298'000);
    EXPECT_EQ(column(data, PropertyId::crop_flow).unit->name, "lb/s");
    EXPECT_EQ(column(data, PropertyId::equipment_width).unit->name, "in");
}

TEST(ShapefileReader, utm_swath_polygon_becomes_its_centroid_with_geodesic_area) {
    Fixture f;
    f.epsg = 32612; // UTM 12N: x = 500 000 is the central meridian, 111 deg W
    // The SMS session name dates it (as in sms-urea-asapplied-poly): without any time it would be a
    // prescription zone, not an as-applied swath.
    f.fields = {{"rt_apd_ms_", OFTReal}, {"product", OFTString}, {"dataset", OFTString}};
    f.features = {{"POLYGON ((499990 5299985, 500010 5299985, 500010 5300015, 499990 5300015, 499990 5299985))",
                   {"97.48", "Urea", "16/04/20-10:00:00 (1)"}}};
    const auto data = write_and_read(f);
    EXPECT_EQ(data.source.operation_type, schema::OperationType::applied);
    ASSERT_EQ(data.source.products.size(), 1u);
    EXPECT_EQ(data.source.products[0].name, "Urea");
    EXPECT_NEAR(data.points.lon()[0], -111, 1e-9);
    EXPECT_NEAR(data.points.lat()[0], 47.8533419456088, 1e-9); // gdaltransform -s_srs EPSG:32612 -t_srs EPSG:4326
    // 20 m x 30 m in the projection; UTM's scale 0.9996 at the central meridian makes it larger on the ground.
    const auto& area = column(data, PropertyId::area);
    EXPECT_EQ(area.unit->name, "m2");
    EXPECT_NEAR(area.values[0], 600 / (0.9996 * 0.9996), 0.05);
}

TEST(ShapefileReader, line_layers_are_not_machine_data) {
    Fixture f;
    f.fields = {{"WetMass", OFTReal}};
    f.features = {{"LINESTRING (1 2, 3 4)", {"1"}}};
    try {
        write_and_read(f);
        FAIL() << "read a line layer";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::unsupported_format);
        EXPECT_NE(std::string(e.what()).find("shapefile: field.shp: "), std::string::npos) << e.what();
    }
}

TEST(ShapefileReader, unknown_columns_stay_raw_and_are_reported) {
    Fixture f;
    f.fields = {{"foo", OFTReal}, {"vrappratev", OFTReal}};
    f.features = {{"POINT (1 2)", {"1", "12.5"}}};
    const auto data = write_and_read(f);
    ASSERT_EQ(data.points.size(), 1u);
    EXPECT_EQ(data.report.unmapped, std::vector<std::string>{"foo"});
    EXPECT_EQ(data.source.operation_type, schema::OperationType::applied);
    EXPECT_EQ(column(data, PropertyId::applied_rate).unit->name, "gal/ac"); // vrAppRateVolumeActual, cut to 10
    EXPECT_NE(data.report.operation_type_reason.find("appliedRate"), std::string::npos) << data.report.operation_type_reason;
}

TEST(ShapefileReader, polygons_with_a_rate_and_no_times_are_a_prescription) {
    Fixture f;
    f.fields = {{"rate", OFTReal}, {"zone", OFTInteger}};
    f.features = {{"POLYGON ((1 2, 1 2.001, 1.001 2.001, 1 2))", {"120", "1"}}};
    try {
        write_and_read(f);
        FAIL() << "converted a prescription";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::unsupported_format);
        EXPECT_NE(std::string(e.what()).find("a prescription (rate zones), not machine data: 1 polygons with a rate (rate)"),
                  std::string::npos) << e.what();
    }
}

constexpr const char* jd_json = R"({"Operation": "Harvest", "CropToken": "OATS", "FieldName": "Millview",
  "DataAttributes": [{"Name": "WetMass", "Unit": "kg1ha-1"}, {"Name": "SWATHWIDTH", "Unit": "m"},
                     {"Name": "Moisture", "Unit": "prcnt"}],
  "MachineUsage": {"1": {"MachineId": "m-1", "MachineSerial": "914183", "OperatorId": "op-1"}}})";

Fixture jd_harvest() {
    Fixture f;
    f.fields = {{"Time", OFTString}, {"IsoTime", OFTString}, {"WetMass", OFTReal}, {"SWATHWI", OFTReal}, {"Moisture", OFTReal}};
    f.features = {{"POINT (-96.67 49.55)", {"8/26/2017 6:36:52 PM", "2017-08-26T18:36:52.250Z", "2500", "9.1", "14.9"}},
                  {"POINT (-96.67 49.55)", {"8/26/2017 6:36:53 PM", "", "2600", "9.1", "15"}}};
    return f;
}

TEST(ShapefileReader, jd_metadata_sets_units_operation_crop_and_machines) {
    const auto data = write_and_read(jd_harvest(), {{"field-Deere-Metadata.json", jd_json}});
    EXPECT_EQ(data.source.operation_type, schema::OperationType::harvested);
    EXPECT_EQ(data.source.original_operation_type, "Harvest");
    EXPECT_EQ(data.source.crops, std::vector<std::string>{"oats"});
    EXPECT_EQ(data.source.field, "Millview");
    ASSERT_EQ(data.source.machinery.size(), 1u);
    EXPECT_EQ(data.source.machinery[0].serial_number, "914183");
    EXPECT_EQ(column(data, PropertyId::wet_mass_per_area).unit->name, "kg/ha");
    EXPECT_EQ(column(data, PropertyId::equipment_width).unit->name, "m"); // metadata names it in full, the .dbf cut
    EXPECT_EQ(data.points.time()[0], *parse_iso8601("2017-08-26T18:36:52.250Z")); // IsoTime first
    EXPECT_EQ(data.points.time()[1], *parse_iso8601("2017-08-26T18:36:53Z"));     // then the US text
}

TEST(ShapefileReader, a_jd_unit_furrow_does_not_know_leaves_the_column_raw) {
    const std::string json = R"({"Operation": "Harvest", "DataAttributes": [{"Name": "WetMass", "Unit": "stone1acre-1"}]})";
    const auto data = write_and_read(jd_harvest(), {{"field-Deere-Metadata.json", json}});
    EXPECT_EQ(data.points.find(PropertyId::wet_mass_per_area), nullptr);
    EXPECT_EQ(data.report.unmapped, std::vector<std::string>{"WetMass"});
    ASSERT_EQ(data.report.warnings.size(), 2u);
    EXPECT_EQ(data.report.warnings[1], "field-Deere-Metadata.json: unit 'stone1acre-1' of WetMass is not known");
}

TEST(ShapefileReader, seed_rate_in_seeds_per_area_is_a_seed_rate) {
    const std::string json = R"({"Operation": "Seeding", "DataAttributes": [{"Name": "AppliedRate", "Unit": "seeds1ac-1"}]})";
    Fixture f;
    f.fields = {{"AppldRt", OFTReal}};
    f.features = {{"POINT (-96.67 49.55)", {"32000"}}};
    const auto data = write_and_read(f, {{"field-Deere-Metadata.json", json}});
    EXPECT_EQ(data.source.operation_type, schema::OperationType::planted);
    EXPECT_EQ(column(data, PropertyId::seed_rate).unit->name, "seeds/ac");
}

TEST(ShapefileTime, parses_us_datetime_as_utc) {
    EXPECT_EQ(parse_us_datetime("8/26/2017 6:36:52 PM"), parse_iso8601("2017-08-26T18:36:52Z"));
    EXPECT_EQ(parse_us_datetime("1/2/2019 12:00:01 AM"), parse_iso8601("2019-01-02T00:00:01Z"));
    EXPECT_EQ(parse_us_datetime("1/2/2019 12:00:01 PM"), parse_iso8601("2019-01-02T12:00:01Z"));
    EXPECT_EQ(parse_us_datetime("5/5/2019 16:19:09"), parse_iso8601("2019-05-05T16:19:09Z"));
    EXPECT_FALSE(parse_us_datetime("13/2/2019 1:00:00 PM"));
    EXPECT_FALSE(parse_us_datetime("1/2/2019 13:00:00 PM"));
    EXPECT_FALSE(parse_us_datetime("yesterday"));
}

} // namespace furrow::formats::shapefile
