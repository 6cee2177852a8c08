// The four real ISOXML samples in shared/data, read end to end. Expected figures come from each
// sample's SOURCE.md (record counts, dates, position ranges), not from furrow's own output.
#include "support/shared_data.hpp"
#include "core/time.hpp"
#include "formats/isoxml/isoxml_format.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace furrow::formats::isoxml {
namespace {

namespace fs = std::filesystem;

using furrow::testing::shared_data;

struct Bounds {
    double lat_min, lat_max, lon_min, lon_max;
    TimeMs first_day, last_day; // UTC midnights; times must fall in [first_day, last_day + 1 day)
};

struct SampleResult {
    std::size_t points = 0;
    std::size_t machine_files = 0;
    std::vector<std::string> operation_types;
    std::vector<schema::MachineData> data;
};

SampleResult read_sample(const fs::path& zip) {
    const auto bundle = Bundle::open(zip, BundleLimits{});
    const Format f = format();
    SampleResult result;
    for (const auto& dataset : f.detect(bundle))
        for (const auto& part : f.split(bundle, dataset)) {
            auto data = f.read(bundle, part);
            result.points += data.points.size();
            ++result.machine_files;
            result.operation_types.push_back(data.source.operation_type_name());
            result.data.push_back(std::move(data));
        }
    return result;
}

TimeMs day(const char* date) { return *parse_iso8601(date); }

double column_sum(const schema::PointTable& t, schema::PropertyId id) {
    const auto* column = t.find(id);
    double sum = 0;
    if (column != nullptr)
        for (const double v : column->values) sum += std::isnan(v) ? 0 : v;
    return sum;
}

// Every value is a number or NaN, never garbage; times and positions are where SOURCE.md says.
void expect_plausible(const SampleResult& result, const Bounds& b) {
    constexpr TimeMs one_day = 86'400'000;
    for (const auto& data : result.data) {
        const auto& t = data.points;
        for (std::size_t point_idx = 0; point_idx < t.size(); ++point_idx) {
            ASSERT_GE(t.lat()[point_idx], b.lat_min) << point_idx;
            ASSERT_LE(t.lat()[point_idx], b.lat_max) << point_idx;
            ASSERT_GE(t.lon()[point_idx], b.lon_min) << point_idx;
            ASSERT_LE(t.lon()[point_idx], b.lon_max) << point_idx;
            ASSERT_GE(t.time()[point_idx], b.first_day) << format_iso8601(t.time()[point_idx]);
            ASSERT_LT(t.time()[point_idx], b.last_day + one_day) << format_iso8601(t.time()[point_idx]);
        }
        for (const auto& column : t.columns()) {
            ASSERT_EQ(column.values.size(), t.size());
            for (const double v : column.values) ASSERT_TRUE(std::isnan(v) || std::abs(v) < 1e10) << v;
        }
    }
}

class IsoxmlSamples : public ::testing::Test {
protected:
    void SetUp() override {
        // The samples are part of the project (shared/ beside the repo, as in CI): missing data is a
        // broken checkout, not a reason to pass quietly.
        ASSERT_TRUE(fs::exists(shared_data() / "isoxml-krone-bigx-totals"))
            << "no shared/data at " << shared_data() << " (set FURROW_SHARED_DATA)";
    }
};

TEST_F(IsoxmlSamples, cci_folder_has_61314_harvest_points_over_19_tasks) {
    // The sample is a folder: zip it as uploaded, under TASKDATA/.
    const fs::path folder = shared_data() / "isoxml-cci-forage-timelogs" / "TASKDATA";
    furrow::testing::ZipEntries entries;
    for (const auto& file : fs::directory_iterator(folder)) {
        std::ifstream in(file.path(), std::ios::binary);
        entries.emplace_back("TASKDATA/" + file.path().filename().string(),
                             std::string(std::istreambuf_iterator<char>(in), {}));
    }
    furrow::testing::TempDir dir;
    furrow::testing::write_zip(dir.path() / "cci.zip", entries);
    const auto result = read_sample(dir.path() / "cci.zip");
    // 19 <TSK> (TSK1-8, TSK10-20; SOURCE.md's "20 tasks" counts TSK9, which is not there) with
    // 21 <TLG>: TSK6 and TSK14 have two each.
    EXPECT_EQ(result.machine_files, 19u);
    EXPECT_EQ(result.points, 61'314u);    // every header logs PTN A and B: every record has a position
    for (const auto& op : result.operation_types) EXPECT_EQ(op, "harvested");
    expect_plausible(result, {54.40, 54.60, 10.00, 10.25, day("2020-01-02"), day("2020-01-04")});
    const auto& first = result.data.at(0);
    EXPECT_EQ(first.source.task_name, "SAV");
    EXPECT_NE(first.points.find(schema::PropertyId::wet_mass_per_area), nullptr);
    EXPECT_NE(first.points.find(schema::PropertyId::harvest_moisture), nullptr);
    EXPECT_EQ(first.source.reported_totals.at("totalArea").at("value").get<double>(), 48300); // TSK1 TIM/DLV 0074
    // The per-point fuel adds up to the task total the terminal wrote (TSK1 TIM/DLV 0094 = 84889 ml).
    EXPECT_NEAR(column_sum(first.points, schema::PropertyId::fuel_used), 84.889, 1e-6);
}

TEST_F(IsoxmlSamples, krone_zip_has_4677_harvest_points_in_one_task) {
    const auto result = read_sample(shared_data() / "isoxml-krone-bigx-totals" / "TASKDATA.zip");
    EXPECT_EQ(result.machine_files, 1u);
    EXPECT_EQ(result.points, 4'677u); // 314 + 27 + 4,336
    EXPECT_EQ(result.operation_types, std::vector<std::string>{"harvested"});
    expect_plausible(result, {46.10, 46.45, 8.90, 9.20, day("2022-01-02"), day("2022-01-02")});
    const auto& totals = result.data.at(0).source.reported_totals;
    // The later TIM's values (17:37-18:49) hold the task's running totals.
    EXPECT_EQ(totals.at("totalFuelConsumption").at("value").get<double>(), 35);
    EXPECT_EQ(totals.at("ineffectiveTotalDistance").at("value").get<double>(), 47409);
    EXPECT_NEAR(column_sum(result.data.at(0).points, schema::PropertyId::fuel_used), 35, 1e-6); // 0094 = 35000 ml
}

TEST_F(IsoxmlSamples, kverneland_zip_has_373_points_of_a_seeding_log) {
    const auto result = read_sample(shared_data() / "isoxml-kverneland-spreader" / "SingleDPD.zip");
    EXPECT_EQ(result.machine_files, 1u);
    EXPECT_EQ(result.points, 373u);
    // SOURCE.md calls it spreading from the spreader DVCs in TASKDATA.XML, but the one logged task's
    // TLG header holds DDI 000B/000C (count per area) on DVC-36 "IntelliAg" "Seed Operation".
    EXPECT_EQ(result.operation_types, std::vector<std::string>{"planted"});
    expect_plausible(result, {41.0, 53.0, -94.0, 9.0, day("2022-10-19"), day("2022-10-19")});
}

TEST_F(IsoxmlSamples, topcon_zip_with_external_files_has_207_points_and_no_operation) {
    const auto result = read_sample(shared_data() / "isoxml-topcon-xfr" / "2021-04-09T15_33_26_taskdata.zip");
    EXPECT_EQ(result.machine_files, 1u);
    EXPECT_EQ(result.points, 207u);
    EXPECT_EQ(result.operation_types, std::vector<std::string>{""});
    expect_plausible(result, {45.52, 45.54, 9.57, 9.59, day("2021-04-09"), day("2021-04-09")});
    const auto& source = result.data.at(0).source;
    ASSERT_EQ(source.machinery.size(), 1u);
    EXPECT_EQ(source.machinery[0].name, "8250-8280 TTV");
    EXPECT_EQ(source.machinery[0].type, "machine");
    EXPECT_EQ(source.task_name, "Task 9 Apr, 2021 1450");
    EXPECT_EQ(source.field, "9 Test G-SDS 2019"); // PFD9 in the external PFD00000.XML
}

} // namespace
} // namespace furrow::formats::isoxml
