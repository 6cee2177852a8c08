// The CSV format on small hand-made files: what detect() claims, layouts, skipped lines, errors.
#include "core/error.hpp"
#include "formats/csv/csv_format.hpp"
#include "formats/registry.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::formats::csv {
namespace {

using schema::PropertyId;

struct Read {
    std::vector<std::string> claimed; // data set names detect() returned
    std::vector<schema::MachineData> data;
};

Read read_zip(const testing::ZipEntries& entries) {
    testing::TempDir dir;
    testing::write_zip(dir.path() / "u.zip", entries);
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    const Format f = format();
    Read out;
    for (const auto& ds : f.detect(bundle)) {
        out.claimed.push_back(ds.name);
        out.data.push_back(f.read(bundle, ds));
    }
    return out;
}

schema::MachineData read_one(const std::string& name, const std::string& text) {
    auto r = read_zip({{name, text}});
    if (r.data.size() != 1) throw std::runtime_error("expected one data set, got " + std::to_string(r.data.size()));
    return std::move(r.data[0]);
}

const schema::Column& col(const schema::MachineData& d, PropertyId id) {
    const auto* c = d.points.find(id);
    if (c == nullptr) throw std::runtime_error("no column " + std::string(schema::info(id).key));
    return *c;
}

double skipped(const schema::MachineData& d) { return d.source.reported_totals.at("skippedLines").at("value").get<double>(); }

const std::string agleader_lines =
    "-93.277204,41.537132,2.70,1347998285,3,74,240,15.0,33,1,2007713498,\"F0:BASSWOODD\",\"L0:12/09/18-19:52:15\",\"CORN\",7,0,896.2\n"
    "-93.277174,41.537134,5.79,1347998288,3,92,240,15.0,32,1,2007713498,\"F0:BASSWOODD\",\"L0:12/09/18-19:52:15\",\"CORN\",7,0,895.1\n";

TEST(CsvDetect, claims_point_tables_and_leaves_notes_alone) {
    testing::TempDir dir;
    testing::write_zip(dir.path() / "u.zip",
                       {{"README.txt", "Yield data from the 2012 harvest.\nColumns: lon, lat, flow, moisture.\n"},
                        {"notes/lat_lon.txt", "lat,lon\nsee the map\n"},
                        {"empty.csv", ""},
                        {"header_only.csv", "Lon,Lat,Yield\n"},
                        {"yield.CSV", "Lon,Lat,Yield\n138.8,-34.4,12\n"},
                        {"export/2012.txt", agleader_lines},
                        {"photo.jpg", "\xFF\xD8\xFF"}});
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    std::vector<std::string> names;
    for (const auto& ds : format().detect(bundle)) names.push_back(ds.marker);
    EXPECT_EQ(names, (std::vector<std::string>{"yield.CSV", "export/2012.txt"}));
}

TEST(CsvDetect, registry_offers_txt_beside_a_shapefile_to_csv) {
    testing::TempDir dir;
    testing::write_zip(dir.path() / "u.zip", {{"README.txt", "hello\n"}, {"b/2012.txt", agleader_lines}});
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    const auto found = detect_datasets(bundle);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].format->id, "csv");
    EXPECT_EQ(found[0].format->file_format, "CSV");
    EXPECT_EQ(found[0].dataset.entries, std::vector<std::string>{"b/2012.txt"});
}

TEST(CsvReader, agleader_advanced_export_columns_in_source_units) {
    const auto d = read_one("2012.txt", agleader_lines);
    ASSERT_EQ(d.points.size(), 2u);
    EXPECT_EQ(d.source.operation_type, schema::OperationType::harvested);
    EXPECT_EQ(d.source.crops, std::vector<std::string>{"corn"});
    EXPECT_EQ(d.source.field, "BASSWOODD");
    ASSERT_EQ(d.source.machinery.size(), 1u);
    EXPECT_EQ(d.source.machinery[0].serial_number, "2007713498");
    EXPECT_EQ(d.points.lon()[0], -93.277204);
    EXPECT_EQ(d.points.time()[1], 1347998288000);
    EXPECT_EQ(col(d, PropertyId::crop_flow).unit->name, "lb/s");
    EXPECT_EQ(col(d, PropertyId::crop_flow).values[1], 5.79);
    EXPECT_EQ(col(d, PropertyId::equipment_width).unit->name, "in");
    EXPECT_EQ(col(d, PropertyId::equipment_width).values[0], 240);
    EXPECT_EQ(col(d, PropertyId::harvest_moisture).unit->name, "percentage");
    EXPECT_EQ(col(d, PropertyId::elevation).unit->name, "ft");
    EXPECT_EQ(col(d, PropertyId::elevation).values[1], 895.1);
    EXPECT_EQ(col(d, PropertyId::speed).unit->name, "in/s");
    EXPECT_DOUBLE_EQ(col(d, PropertyId::speed).values[1], 92.0 / 3);
    EXPECT_EQ(col(d, PropertyId::recording_status).values, (std::vector<double>{1, 0})); // 33 down, 32 up
    EXPECT_EQ(skipped(d), 0);
}

TEST(CsvReader, agleader_variants_by_field_count_with_na_and_unquoted_text) {
    const auto d = read_one("s.txt",
                            "-92.14668415,39.23022954,0,59242,1,0,120,16,32,1,0,F1: C3S,L1:,Corn,NA\n"
                            "-93.258294,39.296978,2.92,971213672,1,24.00,288.00,9.67,1,1,213647360,\"F1: C1N\",\"L1: \",\"CORN WHITE\",\"F9891RRN\",1381.17\n");
    ASSERT_EQ(d.points.size(), 2u);
    EXPECT_EQ(d.source.crops, (std::vector<std::string>{"corn", "corn, white"}));
    EXPECT_EQ(d.source.varieties, std::vector<std::string>{"F9891RRN"}); // "NA" is no variety
    EXPECT_TRUE(std::isnan(col(d, PropertyId::elevation).values[0]));     // 15 fields: no altitude
    EXPECT_EQ(col(d, PropertyId::elevation).values[1], 1381.17);
    EXPECT_TRUE(d.source.machinery.empty()); // two serials ("0" and another): no single machine
}

TEST(CsvReader, bad_lines_are_skipped_and_counted) {
    const auto d = read_one("2012.txt", agleader_lines + agleader_lines +
                                            "garbage line\n"
                                            ",41.5,2.70,1347998290,3,74,240,15.0,33,1,2007713498,F0:B,L0:x,CORN,7,0,896.2\n"
                                            "-93.2,41.5,2.70\n\n");
    EXPECT_EQ(d.points.size(), 4u);
    EXPECT_EQ(skipped(d), 3);
}

TEST(CsvReader, a_file_without_any_position_fails_with_its_name) {
    // Detection looks at the first lines only: a later-garbled file still reaches the reader.
    testing::TempDir dir;
    testing::write_zip(dir.path() / "u.zip", {{"f.csv", "Lon,Lat,Yield\nx,-34.4,12\n,,\n"}});
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    Dataset ds{"f.csv", "f.csv", "f.csv", "", {"f.csv"}};
    try {
        format().read(bundle, ds);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_file);
        EXPECT_STREQ(e.what(), "csv: f.csv: no line with a position");
    }
}

TEST(CsvReader, header_names_units_and_semicolons) {
    const auto d = read_one("y.csv",
                            "\xEF\xBB\xBF" "Longitude;Latitude;Date;Time;Yield (bu/ac);Moisture(%);Swath Width [ft];Crop;Notes\n"
                            "-93.1;41.2;09/18/2012;19:58:05;180.5;17.1;30;Soybeans;a;b\n"
                            "-93.2;41.3;09/18/2012;7:58:06 PM;;17.3;30;Soybeans;x\n");
    ASSERT_EQ(d.points.size(), 2u);
    EXPECT_EQ(d.points.time()[0], *parse_iso8601("2012-09-18T19:58:05Z"));
    EXPECT_EQ(d.points.time()[1], *parse_iso8601("2012-09-18T19:58:06Z"));
    EXPECT_EQ(col(d, PropertyId::wet_volume_per_area).unit->name, "bu/ac");
    EXPECT_TRUE(std::isnan(col(d, PropertyId::wet_volume_per_area).values[1]));
    EXPECT_EQ(col(d, PropertyId::harvest_moisture).values[1], 17.3);
    EXPECT_EQ(col(d, PropertyId::equipment_width).unit->name, "ft");
    EXPECT_EQ(d.source.crops, std::vector<std::string>{"soybeans"});
    EXPECT_EQ(d.source.operation_type, schema::OperationType::harvested);
}

TEST(CsvReader, leaf_keys_tabs_and_epoch_seconds) {
    const auto d = read_one("p.txt",
                            "lat\tlon\ttime\tseedRate\tequipmentWidth\n"
                            "41.2\t-93.1\t1347998285\t80000\t12\n");
    ASSERT_EQ(d.points.size(), 1u);
    EXPECT_EQ(d.points.lat()[0], 41.2);
    EXPECT_EQ(d.points.time()[0], 1347998285000);
    // A Leaf key without a unit is in Leaf's default unit, as in GeoJSON: one catalogue for every reader.
    EXPECT_EQ(col(d, PropertyId::seed_rate).unit->name, "seeds/ac");
    EXPECT_EQ(d.source.operation_type, schema::OperationType::planted);
}

TEST(CsvReader, a_flow_column_without_a_unit_is_not_guessed) {
    const auto d = read_one("f.csv", "Lon,Lat,Flow_Rate,Flow (lb/s)\n-93.1,41.2,1000,2.5\n");
    EXPECT_EQ(col(d, PropertyId::crop_flow).unit->name, "lb/s");
    EXPECT_EQ(col(d, PropertyId::crop_flow).values[0], 2.5);
    EXPECT_EQ(d.report.unmapped, std::vector<std::string>{"Flow_Rate"});
    ASSERT_EQ(d.report.warnings.size(), 1u);
    EXPECT_NE(d.report.warnings[0].find("names no unit"), std::string::npos) << d.report.warnings[0];
}

} // namespace
} // namespace furrow::formats::csv
