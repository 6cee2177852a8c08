// What the format matrix (tests/unit/formats/format_matrix_test.cpp) cannot say about the real ISOXML
// samples: the source details of one task, read by hand from TASKDATA.XML and SOURCE.md.
#include "support/sample_reader.hpp"
#include "support/shared_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::formats::isoxml {
namespace {

using furrow::testing::read_sample;
using furrow::testing::shared_data;

double column_sum(const schema::PointTable& t, schema::PropertyId id) {
    const auto* column = t.find(id);
    double sum = 0;
    if (column != nullptr)
        for (const double v : column->values) sum += std::isnan(v) ? 0 : v;
    return sum;
}

TEST(IsoxmlSamples, cci_first_task_is_a_harvest_whose_fuel_adds_up_to_the_terminal_total) {
    const auto read = read_sample(shared_data() / "isoxml-cci-forage-timelogs" / "TASKDATA");
    ASSERT_FALSE(read.empty());
    const auto& first = read.front().data;
    EXPECT_EQ(first.source.task_name, "SAV");
    EXPECT_NE(first.points.find(schema::PropertyId::wet_mass_per_area), nullptr);
    EXPECT_NE(first.points.find(schema::PropertyId::harvest_moisture), nullptr);
    // The per-point fuel adds up to the task total the terminal wrote (TSK1 TIM/DLV 0094 = 84889 ml).
    EXPECT_NEAR(column_sum(first.points, schema::PropertyId::fuel_used), 84.889, 1e-6);
}

TEST(IsoxmlSamples, topcon_names_come_from_its_external_files) {
    const auto read = read_sample(shared_data() / "isoxml-topcon-xfr" / "2021-04-09T15_33_26_taskdata.zip");
    ASSERT_EQ(read.size(), 1u);
    const auto& source = read[0].data.source;
    ASSERT_EQ(source.machinery.size(), 1u);
    EXPECT_EQ(source.machinery[0].name, "8250-8280 TTV");
    EXPECT_EQ(source.machinery[0].type, "machine");
    EXPECT_EQ(source.task_name, "Task 9 Apr, 2021 1450");
    EXPECT_EQ(source.field, "9 Test G-SDS 2019"); // PFD9 in the external PFD00000.XML
}

} // namespace
} // namespace furrow::formats::isoxml
