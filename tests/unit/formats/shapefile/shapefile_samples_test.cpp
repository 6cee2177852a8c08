// The five real shapefile samples in shared/data, read end to end. Point counts come from each
// sample's SOURCE.md; bounds and column sums were computed independently with python3-gdal
// (osgeo.ogr, centroids reprojected by OGR), not from furrow's output.
#include "support/shared_data.hpp"
#include "core/time.hpp"
#include "formats/shapefile/shapefile_format.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace furrow::formats::shapefile {
namespace {

namespace fs = std::filesystem;
using schema::PropertyId;

using furrow::testing::shared_data;

struct Expected {
    const char* folder;
    std::size_t points;
    const char* operation_type;
    double lon_min, lon_max, lat_min, lat_max;
    const char* first_day; // times fall in [first_day, last_day + 1 day); "" = the sample has no times
    const char* last_day;
    PropertyId property; // a column and its source-unit sum over non-missing values
    const char* unit;
    double sum;
    std::size_t present; // how many values are not missing
};

schema::MachineData read_zip(const fs::path& zip) {
    const auto bundle = Bundle::open(zip, BundleLimits{});
    const Format f = format();
    const auto datasets = f.detect(bundle);
    if (datasets.size() != 1) throw std::runtime_error("expected one shapefile in " + zip.string());
    return f.read(bundle, datasets.front());
}

// Zipped samples as they are; an unzipped folder is zipped here, as a user would upload it.
schema::MachineData read_sample(const char* folder) {
    const fs::path dir = shared_data() / folder;
    if (!fs::is_directory(dir)) throw std::runtime_error("missing shared data: " + dir.string());
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".zip") return read_zip(entry.path());
    furrow::testing::TempDir tmp;
    furrow::testing::ZipEntries entries;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        entries.emplace_back(entry.path().filename().string(), std::string(std::istreambuf_iterator<char>(in), {}));
    }
    furrow::testing::write_zip(tmp.path() / "upload.zip", entries);
    return read_zip(tmp.path() / "upload.zip");
}

void expect_sample(const Expected& e) {
    SCOPED_TRACE(e.folder);
    const auto data = read_sample(e.folder);
    const auto& t = data.points;
    ASSERT_EQ(t.size(), e.points);
    EXPECT_EQ(data.source.operation_type_name(), e.operation_type);
    constexpr double margin = 2e-6; // the bounds above are rounded to 1e-6 degrees
    constexpr TimeMs one_day = 86'400'000;
    const TimeMs first = *e.first_day ? *parse_iso8601(e.first_day) : 0;
    const TimeMs last = *e.last_day ? *parse_iso8601(e.last_day) + one_day : 1;
    for (std::size_t point_idx = 0; point_idx < t.size(); ++point_idx) {
        ASSERT_GE(t.lon()[point_idx], e.lon_min - margin) << point_idx;
        ASSERT_LE(t.lon()[point_idx], e.lon_max + margin) << point_idx;
        ASSERT_GE(t.lat()[point_idx], e.lat_min - margin) << point_idx;
        ASSERT_LE(t.lat()[point_idx], e.lat_max + margin) << point_idx;
        ASSERT_GE(t.time()[point_idx], first) << format_iso8601(t.time()[point_idx]);
        ASSERT_LT(t.time()[point_idx], last) << format_iso8601(t.time()[point_idx]);
    }
    for (const auto& column : t.columns())
        for (const double v : column.values) ASSERT_TRUE(std::isnan(v) || std::abs(v) < 1e9) << column.unit->name << " " << v;
    const auto* column = t.find(e.property);
    ASSERT_NE(column, nullptr) << schema::info(e.property).key;
    EXPECT_EQ(column->unit->name, e.unit);
    double sum = 0;
    std::size_t present = 0;
    for (const double v : column->values)
        if (!std::isnan(v)) sum += v, ++present;
    EXPECT_EQ(present, e.present);
    EXPECT_NEAR(sum, e.sum, std::abs(e.sum) * 1e-9);
}

} // namespace

TEST(ShapefileSamples, jd_oats_harvest) {
    expect_sample({"jd-opscenter-oats-harvest", 97'383, "harvested", -96.678824, -96.669598, 49.545335, 49.552408,
                   "2017-08-01", "2017-10-31", PropertyId::wet_mass_per_area, "lb/ac", 378193351.3369331, 97'383});
    const auto data = read_sample("jd-opscenter-oats-harvest");
    EXPECT_EQ(data.source.crops.front(), "oats");
    EXPECT_EQ(data.points.find(PropertyId::harvest_moisture)->unit->name, "percentage");
    EXPECT_EQ(data.points.find(PropertyId::elevation)->unit->name, "ft");
}

// The seeding rate is in lb/ac (JD metadata), so it is an applied mass rate, not a seed count:
// 1,019 of its values are dBase overflow ("****") and must be missing.
TEST(ShapefileSamples, jd_wheat_seeding) {
    expect_sample({"jd-opscenter-wheat-seeding", 23'047, "planted", -96.678999, -96.665525, 49.545279, 49.552466,
                   "2019-04-01", "2019-06-30", PropertyId::seed_rate, "lb/ac", 3696399.479179027, 22'028});
    const auto data = read_sample("jd-opscenter-wheat-seeding");
    EXPECT_EQ(data.source.crops.front(), "wheat (hrd rd spr)");
}

TEST(ShapefileSamples, sms_urea_as_applied_polygons) {
    expect_sample({"sms-urea-asapplied-poly", 2'360, "applied", -110.558031, -110.547456, 47.878853, 47.896755, "", "",
                   PropertyId::applied_rate, "lb/ac", 359504.06700000004, 2'360});
    const auto data = read_sample("sms-urea-asapplied-poly");
    ASSERT_FALSE(data.source.products.empty());
    EXPECT_EQ(data.source.products.front().name, "Urea");
    const auto* area = data.points.find(PropertyId::area);
    ASSERT_NE(area, nullptr);
    for (const double a : area->values) ASSERT_TRUE(a > 0 && a < 10'000) << a; // swath pieces, not fields
}

TEST(ShapefileSamples, sms_case_wheat_yield) {
    expect_sample({"sms-case-wheat-yield-2018", 31'276, "harvested", -110.558088, -110.547327, 47.878821, 47.896790,
                   "2018-07-18", "2018-07-18", PropertyId::wet_mass_per_area, "lb/ac", 100057734.33909996, 31'276});
    const auto data = read_sample("sms-case-wheat-yield-2018");
    EXPECT_EQ(data.source.crops.front(), "wheat");
}

TEST(ShapefileSamples, agleader_basswood_corn_without_prj) {
    expect_sample({"agleader-basswood-corn-2012", 4'240, "harvested", -93.277204, -93.271072, 41.537132, 41.540560,
                   "2012-09-18", "2012-09-30", PropertyId::crop_flow, "lb/s", 79764.51999999957, 4'240});
    const auto data = read_sample("agleader-basswood-corn-2012");
    EXPECT_EQ(data.source.crops.front(), "corn");
}

} // namespace furrow::formats::shapefile
