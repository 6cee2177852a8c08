#include "schema/crops.hpp"
#include "schema/property_registry.hpp"
#include "schema/units.hpp"

#include <gtest/gtest.h>

#include <set>

namespace furrow::schema {

// Reference values by hand: 1 ac = 4046.8564224 m², 1 lb = 0.45359237 kg, 1 bu = 35.23907016688 L.
TEST(Units, converts_by_published_definitions) {
    EXPECT_NEAR(convert(1, unit("ac"), unit("m2")), 4046.8564224, 1e-9);
    EXPECT_NEAR(convert(1, unit("lb/ac"), unit("kg/ha")), 1.1208511, 1e-6);
    EXPECT_NEAR(convert(1, unit("bu/ac"), unit("L/ha")), 87.0777, 1e-3);
    EXPECT_NEAR(convert(1, unit("mi/hr"), unit("m/s")), 0.44704, 1e-9);
    EXPECT_NEAR(convert(250'000, unit("ppm"), unit("percentage")), 25, 1e-12);
    EXPECT_NEAR(convert(123'456, unit("mg/m2"), unit("kg/ha")), 1234.56, 1e-9);
    EXPECT_NEAR(convert(100, unit("seeds/m2"), unit("seeds/ha")), 1'000'000, 1e-6);
    EXPECT_NEAR(convert(5, unit("ml/m2"), unit("L/ha")), 50, 1e-12);
}

TEST(Units, refuses_to_mix_dimensions) { EXPECT_ANY_THROW(convert(1, unit("kg"), unit("m"))); }

TEST(PropertyRegistry, ids_index_the_table_and_keys_are_unique) {
    std::set<std::string_view> keys;
    for (const auto& p : all_properties()) {
        EXPECT_EQ(&info(p.id), &p);
        EXPECT_TRUE(keys.insert(p.key).second) << p.key;
        EXPECT_EQ(find_property(p.key), p.id);
    }
}

TEST(PropertyRegistry, applied_rate_may_be_by_mass_or_volume) {
    EXPECT_EQ(canonical_unit_for(PropertyId::applied_rate, unit("gal/ac")).name, "L/ha");
    EXPECT_EQ(canonical_unit_for(PropertyId::applied_rate, unit("lb/ac")).name, "kg/ha");
    EXPECT_ANY_THROW(canonical_unit_for(PropertyId::applied_rate, unit("m/s")));
}

TEST(Crops, finds_leaf_table_rows_ignoring_case) {
    const auto corn = find_crop(" Corn ");
    ASSERT_TRUE(corn);
    EXPECT_EQ(corn->density_lb_per_bu, 56);
    EXPECT_EQ(corn->standard_moisture, 15);
    EXPECT_NEAR(corn->density_kg_per_l(), 56 * 0.45359237 / 35.23907016688, 1e-12);
    EXPECT_EQ(find_crop("wheat, hard red winter")->standard_moisture, 13.5);
    EXPECT_FALSE(find_crop("apples")->standard_moisture);
    EXPECT_FALSE(find_crop("unobtainium"));
    EXPECT_EQ(crop_count(), 218u); // contract-facts §8: "The table has 218 rows"
}

} // namespace furrow::schema
