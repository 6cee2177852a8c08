#include "core/error.hpp"
#include "pipeline/standardize.hpp"
#include "pipeline/summarize.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::pipeline {
namespace {
using schema::PropertyId;
using schema::unit;

// Three points 10 m apart going north (positions from pyproj's Geod.fwd), 1 s apart, a 10 m wide
// combine reporting 1 000 000 mg/m² (= 10 000 kg/ha) at 20 % moisture, crop corn.
schema::MachineData harvest() {
    schema::MachineData d;
    d.source.operation_type = schema::OperationType::harvested;
    d.source.crops = {"Corn"};
    auto& t = d.points;
    const double lats[] = {52.0, 52.00008987362085, 52.00017974724031};
    for (int i = 0; i < 3; ++i) {
        const auto p = t.add_point(8.0, lats[i], 1'600'000'000'000 + i * 1000);
        t.set(PropertyId::equipment_width, unit("mm"), p, 10'000);
        t.set(PropertyId::wet_mass_per_area, unit("mg/m2"), p, 1'000'000);
        t.set(PropertyId::harvest_moisture, unit("ppm"), p, 200'000);
    }
    return d;
}

double at(const schema::MachineData& d, PropertyId id, std::size_t i) { return d.points.find(id)->values.at(i); }

} // namespace

TEST(Standardize, converts_units_and_derives_motion_and_area) {
    auto d = harvest();
    const auto report = standardize(d);
    EXPECT_EQ(report.crop, "corn");
    EXPECT_DOUBLE_EQ(at(d, PropertyId::equipment_width, 0), 10);
    EXPECT_DOUBLE_EQ(at(d, PropertyId::wet_mass_per_area, 0), 10'000);
    EXPECT_DOUBLE_EQ(at(d, PropertyId::harvest_moisture, 0), 20);
    EXPECT_DOUBLE_EQ(at(d, PropertyId::distance, 0), 0);
    EXPECT_NEAR(at(d, PropertyId::distance, 1), 10, 1e-6);
    EXPECT_NEAR(at(d, PropertyId::speed, 2), 10, 1e-6);
    EXPECT_NEAR(at(d, PropertyId::heading, 1), 0, 1e-6);
    EXPECT_NEAR(at(d, PropertyId::area, 2), 100, 1e-4);
    EXPECT_EQ(d.points.find(PropertyId::area)->unit->name, "m2");
}

// Dry = wet x (100 - 20) / (100 - 15); volume = mass / (56 lb/bu in kg/L); amounts = rate x area.
TEST(Standardize, derives_dry_yield_and_volumes_from_the_crop_table) {
    auto d = harvest();
    standardize(d);
    const double dry = 10'000.0 * 80 / 85;
    const double density = 56 * 0.45359237 / 35.23907016688;
    EXPECT_NEAR(at(d, PropertyId::dry_mass_per_area, 1), dry, 1e-9);
    EXPECT_NEAR(at(d, PropertyId::wet_volume_per_area, 1), 10'000 / density, 1e-6);
    EXPECT_NEAR(at(d, PropertyId::dry_volume_per_area, 1), dry / density, 1e-6);
    EXPECT_NEAR(at(d, PropertyId::wet_mass, 1), 10'000 * 100.0 / 10'000, 1e-4);
    EXPECT_NEAR(at(d, PropertyId::dry_mass, 2), dry * 100 / 10'000, 1e-4);
}

TEST(Standardize, drops_points_without_a_valid_position) {
    auto d = harvest();
    const auto p = d.points.add_point(0, 0, 1'600'000'003'000);
    d.points.set(PropertyId::equipment_width, unit("mm"), p, 10'000);
    d.points.add_point(200, 95, 1'600'000'004'000);
    EXPECT_EQ(standardize(d).dropped_positions, 2u);
    EXPECT_EQ(d.points.size(), 3u);
}

TEST(Standardize, credits_no_area_or_speed_across_a_position_jump) {
    auto d = harvest();
    const auto p = d.points.add_point(9.0, 52.0, 1'600'000'003'000); // ~68 km in one second
    d.points.set(PropertyId::equipment_width, unit("mm"), p, 10'000);
    standardize(d);
    EXPECT_GT(at(d, PropertyId::distance, 3), 60'000);
    EXPECT_EQ(at(d, PropertyId::area, 3), 0);
    EXPECT_TRUE(schema::is_missing(at(d, PropertyId::speed, 3)));
    EXPECT_TRUE(is_continuous(10, 1000));
    EXPECT_FALSE(is_continuous(10, 31'000));
    EXPECT_FALSE(is_continuous(150, 1000));
}

TEST(Standardize, keeps_what_the_source_measured_itself) {
    auto d = harvest();
    for (std::size_t i = 0; i < 3; ++i) {
        d.points.set(PropertyId::distance, unit("ft"), i, 30);   // the machine's odometer
        d.points.set(PropertyId::area, unit("ft2"), i, 1000);    // a swath polygon's area
    }
    standardize(d);
    EXPECT_NEAR(at(d, PropertyId::distance, 1), 30 * 0.3048, 1e-12);
    EXPECT_NEAR(at(d, PropertyId::area, 1), 1000 * 0.3048 * 0.3048, 1e-9);
    EXPECT_NEAR(at(d, PropertyId::wet_mass, 1), 10'000 * (1000 * 0.3048 * 0.3048) / 10'000, 1e-9);
}

// Any one form of the yield gives the others (hand arithmetic: dry ratio 80/85, corn 56 lb/bu).
TEST(Standardize, any_one_yield_form_gives_all_the_others) {
    const double ratio = 80.0 / 85;
    const double density = 56 * 0.45359237 / 35.23907016688; // kg/L
    const double wet = 10'000, dry = wet * ratio;
    const struct {
        PropertyId logged;
        double value; // kg/ha or L/ha
    } forms[] = {{PropertyId::dry_mass_per_area, dry},
                 {PropertyId::wet_volume_per_area, wet / density},
                 {PropertyId::dry_volume_per_area, dry / density}};
    for (const auto& form : forms) {
        auto d = harvest();
        d.points.remove(PropertyId::wet_mass_per_area);
        for (std::size_t i = 0; i < 3; ++i) d.points.set(form.logged, unit(form.logged == PropertyId::dry_mass_per_area ? "kg/ha" : "L/ha"), i, form.value);
        standardize(d);
        const std::string name(schema::info(form.logged).key);
        EXPECT_NEAR(at(d, PropertyId::wet_mass_per_area, 1), wet, 1e-6) << name;
        EXPECT_NEAR(at(d, PropertyId::dry_mass_per_area, 1), dry, 1e-6) << name;
        EXPECT_NEAR(at(d, PropertyId::wet_volume_per_area, 1), wet / density, 1e-6) << name;
        EXPECT_NEAR(at(d, PropertyId::dry_volume_per_area, 1), dry / density, 1e-6) << name;
        EXPECT_EQ(d.report.derived.size(), 3u) << name;
        EXPECT_EQ(at(d, form.logged, 1), form.value) << name; // the logged value is kept as it is
    }
}

// What each point harvested, without a rate: the rate is the amount over the point's area
// (100 m² per point after the first: 100 kg -> 10 000 kg/ha).
TEST(Standardize, harvested_amounts_give_the_rates) {
    auto d = harvest();
    d.points.remove(PropertyId::wet_mass_per_area);
    for (std::size_t i = 0; i < 3; ++i) d.points.set(PropertyId::wet_mass, unit("kg"), i, 100);
    standardize(d);
    EXPECT_TRUE(std::isnan(at(d, PropertyId::wet_mass_per_area, 0))); // the first point covers no area
    EXPECT_NEAR(at(d, PropertyId::wet_mass_per_area, 2), 100 / at(d, PropertyId::area, 2) * 10'000, 1e-9);
    EXPECT_NEAR(at(d, PropertyId::wet_mass_per_area, 2), 10'000, 1);
    EXPECT_EQ(at(d, PropertyId::wet_mass, 2), 100); // the logged amount is kept
    EXPECT_NEAR(at(d, PropertyId::dry_mass_per_area, 2), at(d, PropertyId::wet_mass_per_area, 2) * 80 / 85, 1e-9);
}

// Mass flow 10 kg/s over a 10 m swath at 10 m/s: 0.1 kg/m² = 1 000 kg/ha.
TEST(Standardize, mass_flow_width_and_speed_give_the_yield) {
    auto d = harvest();
    d.points.remove(PropertyId::wet_mass_per_area);
    for (std::size_t i = 0; i < 3; ++i) d.points.set(PropertyId::crop_flow, unit("kg/s"), i, 10);
    standardize(d);
    EXPECT_NEAR(at(d, PropertyId::wet_mass_per_area, 2), 1000, 1e-3);
    EXPECT_NEAR(at(d, PropertyId::dry_mass_per_area, 2), 1000 * 80.0 / 85, 1e-3);
}

// Without a known density only the volumes follow from each other, and the report says why.
TEST(Standardize, a_volume_without_a_density_gives_the_other_volume_only) {
    auto d = harvest();
    d.source.crops = {"Mystery"};
    d.points.remove(PropertyId::wet_mass_per_area);
    for (std::size_t i = 0; i < 3; ++i) d.points.set(PropertyId::dry_volume_per_area, unit("L/ha"), i, 500);
    standardize(d);
    EXPECT_EQ(d.points.find(PropertyId::wet_mass_per_area), nullptr);
    EXPECT_NEAR(at(d, PropertyId::wet_volume_per_area, 1), 500, 1e-9); // no standard moisture: ratio 1
    EXPECT_FALSE(d.report.warnings.empty());
}

TEST(Standardize, swath_areas_stand_in_for_the_width_and_source_dry_yield_is_kept) {
    auto d = harvest();
    d.points.remove(PropertyId::equipment_width);
    for (std::size_t i = 0; i < 3; ++i) {
        d.points.set(PropertyId::area, unit("m2"), i, 50);
        d.points.set(PropertyId::dry_volume_per_area, unit("bu/ac"), i, 150);
    }
    standardize(d);
    EXPECT_EQ(at(d, PropertyId::area, 2), 50);
    EXPECT_NEAR(at(d, PropertyId::dry_volume_per_area, 2), 150 * 35.23907016688 / 4046.8564224 * 10'000, 1e-6);
}

TEST(Standardize, fails_with_the_seed_messages) {
    auto unknown = harvest();
    unknown.source.operation_type.reset();
    EXPECT_THROW({
        try { standardize(unknown); } catch (const Error& e) {
            EXPECT_STREQ(e.what(), "unsupported operation type: unknown");
            throw;
        }
    }, Error);
    auto no_width = harvest();
    no_width.points.remove(PropertyId::equipment_width);
    EXPECT_THROW({
        try { standardize(no_width); } catch (const Error& e) {
            EXPECT_STREQ(e.what(), "missing required properties: equipmentWidth");
            throw;
        }
    }, Error);
    schema::MachineData nowhere;
    nowhere.source.operation_type = schema::OperationType::harvested;
    nowhere.points.add_point(0, 0, 0);
    EXPECT_THROW(standardize(nowhere), Error);
}

TEST(Summarize, totals_areas_and_statistics) {
    auto d = harvest();
    const auto report = standardize(d);
    const auto s = summarize(d, report.crop);
    const auto& p = s.feature["properties"];
    EXPECT_EQ(s.feature["type"], "Feature");
    EXPECT_EQ(p["operationType"], "harvested");
    EXPECT_EQ(p["pointCount"], 3);
    EXPECT_NEAR(p["totalArea"]["value"].get<double>(), 200, 1e-3);
    EXPECT_NEAR(p["coverageArea"]["value"].get<double>(), 200, 2);
    EXPECT_NEAR(p["totalWetMass"]["value"].get<double>(), 200, 1e-3); // 10 000 kg/ha over 200 m²
    EXPECT_EQ(p["totalWetMass"]["unit"], "kg");
    EXPECT_NEAR(p["harvestMoisture"]["avg"].get<double>(), 20, 1e-12);
    EXPECT_EQ(p["harvestMoisture"]["unit"], "percentage");
    EXPECT_EQ(p["crop"], nlohmann::json::array({"corn"}));
    EXPECT_EQ(s.feature["geometry"]["type"], "MultiPolygon");
    EXPECT_EQ(s.start_time, 1'600'000'000'000);
    EXPECT_EQ(s.end_time, 1'600'000'002'000);
    const auto units = units_of(d.points);
    EXPECT_EQ(units["wetMassPerArea"], "kg/ha");
    EXPECT_EQ(units["area"], "m2");
}

} // namespace furrow::pipeline
