#include "schema/unit_systems.hpp"

#include <gtest/gtest.h>

namespace furrow::schema {
namespace {

// A one-point table in canonical units; the expected figures below are hand arithmetic from the
// published definitions: ft = 0.3048 m, ac = 4046.8564224 m2, lb = 0.45359237 kg,
// gal = 3.785411784 L, bu = 35.23907016688 L.
PointTable canonical_point() {
    PointTable t;
    t.add_point(10, 50, 0);
    t.set(PropertyId::speed, unit("m/s"), 0, 1);
    t.set(PropertyId::elevation, unit("m"), 0, 100);
    t.set(PropertyId::area, unit("m2"), 0, 10'000);
    t.set(PropertyId::dry_mass_per_area, unit("kg/ha"), 0, 1000);
    t.set(PropertyId::dry_mass, unit("kg"), 0, 1000);
    t.set(PropertyId::dry_volume_per_area, unit("L/ha"), 0, 1000);
    t.set(PropertyId::dry_volume, unit("L"), 0, 1000);
    t.set(PropertyId::applied_rate, unit("L/ha"), 0, 100);
    t.set(PropertyId::seed_rate, unit("seeds/ha"), 0, 80'000);
    t.set(PropertyId::tillage_depth_actual, unit("m"), 0, 0.1);
    t.set(PropertyId::fuel_used, unit("L"), 0, 10);
    t.set(PropertyId::harvest_moisture, unit("percentage"), 0, 15);
    t.set(PropertyId::heading, unit("arcdeg"), 0, 90);
    t.column(PropertyId::wet_mass, unit("kg")); // all missing
    return t;
}

void expect(const PointTable& t, PropertyId id, std::string_view unit_name, double value) {
    const auto* c = t.find(id);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->unit->name, unit_name) << info(id).key;
    EXPECT_NEAR(c->values[0], value, std::abs(value) * 1e-9) << info(id).key;
}

const ProviderUnits no_provider; // a source without display units (DEFAULT reports canonical units)

// The display units a John Deere Ops Center harvest export declares in its -Deere-Metadata.json
// (bu1ac-1, lb1ac-1, ft, prcnt), as a reader tags them before standardize.
ProviderUnits deere_harvest_units() {
    PointTable raw;
    raw.add_point(0, 0, 0);
    raw.set(PropertyId::wet_mass_per_area, unit("lb/ac"), 0, 1);
    raw.set(PropertyId::dry_volume_per_area, unit("bu/ac"), 0, 1);
    raw.set(PropertyId::harvest_moisture, unit("percentage"), 0, 1);
    raw.set(PropertyId::elevation, unit("ft"), 0, 1);
    raw.set(PropertyId::equipment_width, unit("ft"), 0, 1);
    raw.set(PropertyId::distance, unit("ft"), 0, 1);
    return ProviderUnits::of_source(raw);
}

} // namespace

TEST(UnitSystems, imperial_matches_hand_arithmetic) {
    auto t = canonical_point();
    convert_to_system(t, UnitSystem::imperial, no_provider);
    expect(t, PropertyId::speed, "ft/s", 3.280839895013123);              // 1 / 0.3048
    expect(t, PropertyId::elevation, "ft", 328.0839895013123);
    expect(t, PropertyId::area, "ac", 2.471053814671653);                 // 10000 / 4046.8564224
    expect(t, PropertyId::dry_mass_per_area, "lb/ac", 892.1791216197046); // 1 t/ha
    expect(t, PropertyId::dry_mass, "lb", 2204.622621848776);
    expect(t, PropertyId::dry_volume_per_area, "bu/ac", 11.484004553001807);
    expect(t, PropertyId::dry_volume, "bu", 1000 / 35.23907016688);
    expect(t, PropertyId::applied_rate, "gal/ac", 10.69066366704162);     // a product rate, not a yield
    expect(t, PropertyId::seed_rate, "seeds/ac", 32374.8513792);
    expect(t, PropertyId::tillage_depth_actual, "in", 3.9370078740157477);
    expect(t, PropertyId::fuel_used, "gal", 2.6417205235814842);
    expect(t, PropertyId::harvest_moisture, "percentage", 15);
    expect(t, PropertyId::heading, "arcdeg", 90);
    EXPECT_EQ(t.find(PropertyId::wet_mass)->unit->name, "lb");
    EXPECT_TRUE(is_missing(t.find(PropertyId::wet_mass)->values[0]));
}

TEST(UnitSystems, metric_matches_hand_arithmetic) {
    auto t = canonical_point();
    convert_to_system(t, UnitSystem::metric, no_provider);
    expect(t, PropertyId::speed, "m/s", 1);
    expect(t, PropertyId::area, "ha", 1);
    expect(t, PropertyId::dry_mass_per_area, "t/ha", 1);
    expect(t, PropertyId::dry_mass, "t", 1);
    expect(t, PropertyId::dry_volume_per_area, "m3/ha", 1);
    expect(t, PropertyId::dry_volume, "m3", 1);
    expect(t, PropertyId::applied_rate, "L/ha", 100);
    expect(t, PropertyId::seed_rate, "seeds/ha", 80'000);
    expect(t, PropertyId::tillage_depth_actual, "cm", 10);
    expect(t, PropertyId::fuel_used, "L", 10);
}

TEST(UnitSystems, default_keeps_units_and_values) {
    auto t = canonical_point();
    convert_to_system(t, UnitSystem::default_units, no_provider);
    expect(t, PropertyId::area, "m2", 10'000);
    expect(t, PropertyId::dry_mass_per_area, "kg/ha", 1000);
}

TEST(UnitSystems, converts_from_non_canonical_units_too) {
    PointTable t;
    t.add_point(0, 0, 0);
    t.set(PropertyId::speed, unit("mi/hr"), 0, 1);
    t.set(PropertyId::applied_rate, unit("kg/ha"), 0, 1);
    convert_to_system(t, UnitSystem::imperial, no_provider);
    expect(t, PropertyId::speed, "ft/s", 5280.0 / 3600); // 1 mi = 5280 ft
    expect(t, PropertyId::applied_rate, "lb/ac", 0.8921791216197046);
}

TEST(UnitSystems, totals_follow_their_property) {
    EXPECT_EQ(target_unit(UnitSystem::imperial, PropertyId::applied_rate, unit("kg"), no_provider).name, "lb");
    EXPECT_EQ(target_unit(UnitSystem::imperial, PropertyId::applied_rate, unit("L"), no_provider).name, "gal");
    EXPECT_EQ(target_unit(UnitSystem::metric, PropertyId::applied_rate, unit("L"), no_provider).name, "L");
    EXPECT_EQ(target_unit(UnitSystem::imperial, PropertyId::seed_rate, unit("seeds"), no_provider).name, "seeds");
    EXPECT_EQ(target_unit(UnitSystem::metric, PropertyId::wet_mass, unit("kg"), no_provider).name, "t");
}

// contract-facts §6: Leaf's DEFAULT answer for a John Deere harvest is
// {elevation ft, area m2, harvestMoisture percentage, dryVolumePerArea bu/ac, distance ft, heading arcdeg,
//  dryVolume bu, wetVolume bu, wetVolumePerArea bu/ac, dryMassPerArea lb/ac, speed mi/hr,
//  equipmentWidth ft, dryMass lb, wetMass lb, wetMassPerArea lb/ac}.
TEST(UnitSystems, default_reports_a_deere_harvest_as_leaf_does) {
    const auto provider = deere_harvest_units();
    ASSERT_TRUE(provider.imperial());
    const std::pair<PropertyId, const char*> expected[] = {
        {PropertyId::elevation, "ft"},           {PropertyId::area, "m2"},
        {PropertyId::harvest_moisture, "percentage"}, {PropertyId::dry_volume_per_area, "bu/ac"},
        {PropertyId::distance, "ft"},            {PropertyId::heading, "arcdeg"},
        {PropertyId::dry_volume, "bu"},          {PropertyId::wet_volume, "bu"},
        {PropertyId::wet_volume_per_area, "bu/ac"}, {PropertyId::dry_mass_per_area, "lb/ac"},
        {PropertyId::speed, "mi/hr"},            {PropertyId::equipment_width, "ft"},
        {PropertyId::dry_mass, "lb"},            {PropertyId::wet_mass, "lb"},
        {PropertyId::wet_mass_per_area, "lb/ac"},
    };
    for (const auto& [id, name] : expected) {
        const auto& canonical = canonical_unit(info(id).dimension);
        EXPECT_EQ(target_unit(UnitSystem::default_units, id, canonical, provider).name, name) << info(id).key;
    }
    auto t = canonical_point();
    convert_to_system(t, UnitSystem::default_units, provider);
    expect(t, PropertyId::speed, "mi/hr", 3600 / 1609.344);
    expect(t, PropertyId::elevation, "ft", 328.0839895013123);
    expect(t, PropertyId::dry_mass_per_area, "lb/ac", 892.1791216197046);
    expect(t, PropertyId::area, "m2", 10'000);
}

TEST(UnitSystems, default_keeps_a_metric_display_unit_and_canonical_for_the_rest) {
    PointTable raw; // an Ag Leader export in t/ha and km/h with an ISO 11783 device unit beside them
    raw.add_point(0, 0, 0);
    raw.set(PropertyId::dry_mass_per_area, unit("t/ha"), 0, 1);
    raw.set(PropertyId::speed, unit("km/h"), 0, 1);
    raw.set(PropertyId::applied_rate, unit("mg/m2"), 0, 1);
    const auto provider = ProviderUnits::of_source(raw);
    EXPECT_FALSE(provider.imperial());
    EXPECT_EQ(provider.unit_of(PropertyId::applied_rate), nullptr); // no display shows mg/m2
    auto t = canonical_point();
    convert_to_system(t, UnitSystem::default_units, provider);
    expect(t, PropertyId::dry_mass_per_area, "t/ha", 1);
    expect(t, PropertyId::speed, "km/h", 3.6);
    expect(t, PropertyId::applied_rate, "L/ha", 100);
    expect(t, PropertyId::dry_mass, "kg", 1000);
    expect(t, PropertyId::elevation, "m", 100);
}

TEST(UnitSystems, provider_units_round_trip_through_json) {
    const auto provider = deere_harvest_units();
    const auto back = ProviderUnits::from_json(provider.to_json());
    EXPECT_EQ(back.to_json(), provider.to_json());
    EXPECT_EQ(back.unit_of(PropertyId::wet_mass_per_area)->name, "lb/ac");
    EXPECT_TRUE(ProviderUnits::from_json({{"wetMassPerArea", "furlongs"}, {"nonsense", "ft"}}).empty());
}

TEST(UnitSystems, in_system_copies_only_when_converting) {
    MachineData data;
    data.points = canonical_point();
    std::optional<MachineData> copy;
    EXPECT_EQ(&in_system(data, UnitSystem::default_units, copy), &data); // no provider units: canonical
    EXPECT_FALSE(copy);
    data.provider_units = deere_harvest_units();
    EXPECT_EQ(in_system(data, UnitSystem::default_units, copy).points.find(PropertyId::speed)->unit->name, "mi/hr");
    copy.reset();
    const auto& written = in_system(data, UnitSystem::imperial, copy);
    EXPECT_EQ(written.points.find(PropertyId::area)->unit->name, "ac");
    EXPECT_EQ(data.points.find(PropertyId::area)->unit->name, "m2"); // the original stays canonical
}

} // namespace furrow::schema
