// The summary's `products` of an application (pipeline/product_summary.hpp), against hand arithmetic.
#include "pipeline/product_summary.hpp"
#include "pipeline/standardize.hpp"
#include "pipeline/summarize.hpp"

#include <gtest/gtest.h>

namespace furrow::pipeline {
namespace {
using schema::PropertyId;
using schema::unit;

// Three points 10 m apart going north (pyproj Geod.fwd), 1 s apart, a 10 m wide spreader: area
// per point 0, 100, 100 m2. Two bins: Urea 10 000 mg/m2 (100 kg/ha) throughout; Potash 5 000 mg/m2
// (50 kg/ha), empty at the last point. appliedRate is their sum.
schema::MachineData two_products() {
    schema::MachineData d;
    d.source.operation_type = schema::OperationType::applied;
    d.source.products = {{"PDT1", "Urea", ""}, {"PDT2", "Potash", ""}};
    auto& t = d.points;
    const double lats[] = {52.0, 52.00008987362085, 52.00017974724031};
    const double potash[] = {5'000, 5'000, 0};
    for (int i = 0; i < 3; ++i) {
        const auto p = t.add_point(8.0, lats[i], 1'600'000'000'000 + i * 1000);
        t.set(PropertyId::equipment_width, unit("mm"), p, 10'000);
        t.set(PropertyId::applied_rate, unit("mg/m2"), p, 10'000 + potash[i]);
        t.product_column("Urea", unit("mg/m2")).values[p] = 10'000;
        t.product_column("Potash", unit("mg/m2")).values[p] = potash[i];
    }
    return d;
}

double value_of(const nlohmann::json& q) { return q.at("value").get<double>(); }

TEST(ProductSummary, each_product_gets_its_area_total_and_area_weighted_rate) {
    auto d = two_products();
    standardize(d);
    const auto products = product_summary(d, schema::UnitSystem::metric);
    ASSERT_EQ(products.size(), 2u);
    // Urea: 100 kg/ha over 0 + 100 + 100 m2 = 2 kg.
    EXPECT_EQ(products[0]["name"], "Urea");
    EXPECT_NEAR(value_of(products[0]["area"]), 200, 1e-3);
    EXPECT_NEAR(value_of(products[0]["totalApplied"]), 2, 1e-5);
    EXPECT_EQ(products[0]["totalApplied"]["unit"], "kg");
    EXPECT_NEAR(value_of(products[0]["rate"]), 100, 1e-9);
    EXPECT_EQ(products[0]["rate"]["unit"], "kg/ha");
    // Potash: 50 kg/ha where it is above 0 (points 0 and 1: 0 + 100 m2) = 0.5 kg.
    EXPECT_NEAR(value_of(products[1]["area"]), 100, 1e-3);
    EXPECT_NEAR(value_of(products[1]["totalApplied"]), 0.5, 1e-5);
    EXPECT_NEAR(value_of(products[1]["rate"]), 50, 1e-9);
    // The summary's total is appliedRate x area: (150 x 100 + 100 x 100) / 10 000 = 2.5 kg = 2 + 0.5.
    const auto s = summarize(d, std::nullopt, schema::UnitSystem::metric).feature["properties"];
    EXPECT_NEAR(value_of(s["totalApplied"]), 2.5, 1e-5);
    EXPECT_EQ(s["products"], products);
    EXPECT_EQ(s["tankMix"], false);
}

TEST(ProductSummary, imperial_units_convert_rate_and_total) {
    auto d = two_products();
    standardize(d);
    const auto products = product_summary(d, schema::UnitSystem::imperial);
    // 100 kg/ha = 100 / 0.45359237 lb per 2.4710538 ac; 2 kg = 4.40924524 lb.
    EXPECT_EQ(products[0]["rate"]["unit"], "lb/ac");
    EXPECT_NEAR(value_of(products[0]["rate"]), 100 / 0.45359237 * 4046.8564224 / 10'000, 1e-6);
    EXPECT_EQ(products[0]["totalApplied"]["unit"], "lb");
    EXPECT_NEAR(value_of(products[0]["totalApplied"]), 2 / 0.45359237, 1e-4);
}

TEST(ProductSummary, one_product_without_its_own_column_takes_the_applied_rate) {
    auto d = two_products();
    d.points.product_columns().clear();
    d.source.products.pop_back();
    standardize(d);
    const auto products = product_summary(d, schema::UnitSystem::metric);
    ASSERT_EQ(products.size(), 1u);
    EXPECT_EQ(products[0]["name"], "Urea");
    EXPECT_NEAR(value_of(products[0]["totalApplied"]), 2.5, 1e-5); // all of appliedRate
    EXPECT_NEAR(value_of(products[0]["rate"]), 125, 1e-6);         // 2.5 kg over 200 m2
}

TEST(ProductSummary, a_tank_mix_without_rates_per_product_names_them_only) {
    auto d = two_products();
    d.points.product_columns().clear();
    d.source.products = {{"PDT9", "Mix", ""}, {"PDT1", "Urea", "Component"}, {"PDT2", "Potash", "Component"}};
    standardize(d);
    const auto products = product_summary(d, schema::UnitSystem::metric);
    ASSERT_EQ(products.size(), 3u);
    EXPECT_EQ(products[1], (nlohmann::json{{"name", "Urea"}, {"type", "Component"}}));
    EXPECT_TRUE(is_tank_mix(d.source));
}

} // namespace
} // namespace furrow::pipeline
