// What the format matrix (tests/unit/formats/format_matrix_test.cpp) cannot say about the real
// shapefile samples: the SMS as-applied polygons' product and swath areas (python3-gdal: every
// feature's product is "Urea"; polygon areas run from 0.0097 to 3,692 m2 in the file's UTM zone 12N).
#include "support/sample_reader.hpp"
#include "support/shared_data.hpp"

#include <gtest/gtest.h>

namespace furrow::formats::shapefile {
namespace {

using furrow::testing::read_sample;
using furrow::testing::shared_data;

TEST(ShapefileSamples, sms_urea_polygons_name_the_product_and_are_swath_pieces) {
    const auto read = read_sample(shared_data() / "sms-urea-asapplied-poly" / "FarmerI_AA16_AA_N_2016_henrys.zip");
    ASSERT_EQ(read.size(), 1u);
    const auto& data = read[0].data;
    ASSERT_FALSE(data.source.products.empty());
    EXPECT_EQ(data.source.products.front().name, "Urea");
    const auto* area = data.points.find(schema::PropertyId::area);
    ASSERT_NE(area, nullptr);
    for (const double a : area->values) ASSERT_TRUE(a > 0 && a < 10'000) << a; // swath pieces, not fields
}

} // namespace
} // namespace furrow::formats::shapefile
