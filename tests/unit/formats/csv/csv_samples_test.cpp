// What the format matrix (tests/unit/formats/format_matrix_test.cpp) cannot say about the real text
// samples: a README beside an export is not a data set, and single values of the CSIRO grape file
// (read with Python's csv module).
#include "support/sample_reader.hpp"
#include "support/shared_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::formats::csv {
namespace {

using furrow::testing::read_sample;
using furrow::testing::shared_data;
using schema::PropertyId;

TEST(CsvSampleFiles, a_readme_beside_the_export_is_not_claimed) {
    const auto read = read_sample(shared_data() / "agleader-basswood-corn-2012" / "2012-basswood.txt",
                                  {{"README.txt", "Harvest 2012, exported from the monitor.\n"}});
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read[0].format->id, "csv");
    EXPECT_EQ(read[0].dataset.marker, "2012-basswood.txt");
}

TEST(CsvSampleFiles, csiro_grape_csv_keeps_empty_yields_missing_and_has_no_flow_unit) {
    const auto read = read_sample(shared_data() / "csiro-grape-yield-csv" / "area1_yield_ascii_wgs84.csv");
    ASSERT_EQ(read.size(), 1u);
    const auto& d = read[0].data;
    const auto& yield = *d.points.find(PropertyId::wet_mass_per_area);
    EXPECT_TRUE(std::isnan(yield.values[0])); // the first row's Yield is empty
    EXPECT_EQ(yield.values[1], 33.69);
    EXPECT_EQ(d.points.find(PropertyId::equipment_width)->values[0], 3.3);
    EXPECT_EQ(d.points.find(PropertyId::crop_flow), nullptr); // Flow_Rate has no unit in the file
}

} // namespace
} // namespace furrow::formats::csv
