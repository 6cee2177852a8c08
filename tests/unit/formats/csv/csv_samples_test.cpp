// The real text samples in shared/data, read end to end. Expected figures come from each sample's
// SOURCE.md (line counts) and from reading the files with Python's csv module (times, sums), not from
// furrow's own output.
#include "support/shared_data.hpp"
#include "core/time.hpp"
#include "formats/csv/csv_format.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace furrow::formats::csv {
namespace {

namespace fs = std::filesystem;
using schema::PropertyId;

using furrow::testing::shared_data;

// The sample zipped as uploaded, with a README beside it that must not become a data set.
std::vector<schema::MachineData> read_sample(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    testing::TempDir dir;
    testing::write_zip(dir.path() / "s.zip", {{"README.txt", "Harvest 2012, exported from the monitor.\n"},
                                              {file.filename().string(), text}});
    const auto bundle = Bundle::open(dir.path() / "s.zip", BundleLimits{});
    const Format f = format();
    std::vector<schema::MachineData> out;
    for (const auto& ds : f.detect(bundle)) out.push_back(f.read(bundle, ds));
    return out;
}

double sum_of(const schema::MachineData& d, PropertyId id) {
    double sum = 0;
    for (const double v : d.points.find(id)->values) sum += std::isnan(v) ? 0 : v;
    return sum;
}

double skipped(const schema::MachineData& d) { return d.source.reported_totals.at("skippedLines").at("value").get<double>(); }

struct Expected {
    const char* path;
    std::size_t points;
    TimeMs first, last; // Unix seconds x 1000 of the first and last line
    double moisture_sum, flow_sum;
    std::vector<std::string> crops, varieties;
};

class CsvSamples : public ::testing::TestWithParam<Expected> {
protected:
    void SetUp() override {
        // The samples are part of the project (shared/ beside the repo, as in CI): missing data is a
        // broken checkout, not a reason to pass quietly.
        ASSERT_TRUE(fs::exists(shared_data() / GetParam().path)) << "no " << GetParam().path << " under " << shared_data()
                                                                 << " (set FURROW_SHARED_DATA)";
    }
};

TEST_P(CsvSamples, agleader_export_reads_every_line) {
    const Expected& e = GetParam();
    const auto read = read_sample(shared_data() / e.path);
    ASSERT_EQ(read.size(), 1u); // the README is not claimed
    const auto& d = read[0];
    EXPECT_EQ(d.points.size(), e.points);
    EXPECT_EQ(skipped(d), 0);
    EXPECT_EQ(d.source.operation_type, schema::OperationType::harvested);
    EXPECT_EQ(d.points.time().front(), e.first);
    EXPECT_EQ(d.points.time().back(), e.last);
    EXPECT_NEAR(sum_of(d, PropertyId::harvest_moisture), e.moisture_sum, 1e-6);
    EXPECT_NEAR(sum_of(d, PropertyId::crop_flow), e.flow_sum, 1e-6);
    EXPECT_EQ(d.points.find(PropertyId::crop_flow)->unit->name, "lb/s");
    EXPECT_EQ(d.points.find(PropertyId::equipment_width)->unit->name, "in");
    EXPECT_EQ(d.source.crops, e.crops);
    EXPECT_EQ(d.source.varieties, e.varieties);
}

INSTANTIATE_TEST_SUITE_P(
    AgLeader, CsvSamples,
    ::testing::Values(
        Expected{"agleader-basswood-corn-2012/2012-basswood.txt", 4'240, 1347998285000, 1348054732000, 72138.2, 79764.52, {"corn"}, {}},
        Expected{"agleader-advexport-yieldcleanr/sample1.txt", 21'917, 971213672000, 971235588000, 210845.89, 167548.34,
                 {"soybeans"}, {"F9891RRN"}},
        // sample2-4 are hand-edited: times count seconds from a made-up origin (1970 dates), sample2's
        // variety is "NA", sample4's serial changes on every line.
        Expected{"agleader-advexport-yieldcleanr/sample2.txt", 36'869, 59242000, 157420000, 721460.9, 241346.906, {"corn"}, {}},
        Expected{"agleader-advexport-yieldcleanr/sample3.txt", 31'815, 24538654000, 24743453000, 603682.73, 507625.33,
                 {"corn"}, {"DK 616"}},
        Expected{"agleader-advexport-yieldcleanr/sample4.txt", 19'495, 11111111000, 11130605000, 428520.4, 243529.4705,
                 {"corn, white"}, {"4238", "4239"}}),
    [](const auto& info) { return "sample_" + std::to_string(info.index); });

TEST(CsvSampleFiles, csiro_grape_csv_has_14756_positioned_rows_in_t_per_ha) {
    const fs::path file = shared_data() / "csiro-grape-yield-csv" / "area1_yield_ascii_wgs84.csv";
    ASSERT_TRUE(fs::exists(file)) << file << " missing (set FURROW_SHARED_DATA)";
    const auto read = read_sample(file);
    ASSERT_EQ(read.size(), 1u);
    const auto& d = read[0];
    EXPECT_EQ(d.points.size(), 14'756u); // every row has Lon and Lat; 1,000 have an empty Yield
    EXPECT_EQ(skipped(d), 0);
    EXPECT_EQ(d.source.operation_type, schema::OperationType::harvested);
    // DateStamp d/mm/yyyy + TimeStamp, no zone: taken as UTC.
    EXPECT_EQ(format_iso8601(d.points.time().front()), "2024-03-05T08:04:24.000Z");
    EXPECT_EQ(format_iso8601(d.points.time().back()), "2024-03-21T16:51:49.000Z");
    const auto& yield = *d.points.find(PropertyId::wet_mass_per_area);
    EXPECT_EQ(yield.unit->name, "t/ha");
    EXPECT_TRUE(std::isnan(yield.values[0]));
    EXPECT_EQ(yield.values[1], 33.69);
    EXPECT_EQ(std::count_if(yield.values.begin(), yield.values.end(), [](double v) { return std::isnan(v); }), 1000);
    EXPECT_EQ(d.points.find(PropertyId::equipment_width)->unit->name, "m");
    EXPECT_EQ(d.points.find(PropertyId::equipment_width)->values[0], 3.3);
    EXPECT_EQ(d.points.find(PropertyId::elevation)->unit->name, "m");
    EXPECT_EQ(d.points.find(PropertyId::crop_flow), nullptr); // Flow_Rate has no unit in the file
    EXPECT_TRUE(d.source.crops.empty());                      // the file does not name the crop
}

} // namespace
} // namespace furrow::formats::csv
