#include "formats/isoxml/ddi.hpp"

#include "schema/units.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace furrow::formats::isoxml {
namespace {

using schema::PropertyId;

// Raw value -> value in the canonical unit, through the mapping's unit: what standardize will do.
double canonical(std::uint16_t ddi, std::int32_t raw) {
    const DdiMapping* m = find_point_ddi(ddi);
    const schema::Unit& unit = schema::unit(m->unit);
    return schema::convert(point_value(*m, raw), unit, schema::canonical_unit(unit.dimension));
}

TEST(IsoxmlDdi, maps_rates_to_properties_with_spec_scales) {
    // ISO 11783-11 dictionary: DDI 1/2 are mm³/m² × 0.01, DDI 6 mg/m² (= 0.01 kg/ha).
    EXPECT_NEAR(canonical(0x0001, 12345), 12345 * 1e-4, 1e-9); // L/ha
    EXPECT_NEAR(canonical(0x0002, 12345), 12345 * 1e-4, 1e-9);
    EXPECT_NEAR(canonical(0x0006, 15000), 150, 1e-9);          // kg/ha
    EXPECT_NEAR(canonical(0x0007, 15000), 150, 1e-9);
    EXPECT_NEAR(canonical(0x000B, 8000), 80'000, 1e-6);        // seeds/ha
    EXPECT_NEAR(canonical(0x000C, 8000), 80'000, 1e-6);
    EXPECT_NEAR(canonical(0x0043, 7500), 7.5, 1e-12);          // m
    EXPECT_NEAR(canonical(0x0053, 3), 30, 1e-12);              // L/ha
    EXPECT_NEAR(canonical(0x0054, 1'000'000), 10'000, 1e-9);   // kg/ha
    EXPECT_NEAR(canonical(0x0057, 2'500'000), 2.5, 1e-12);     // kg/s
    EXPECT_NEAR(canonical(0x0063, 180'000), 18, 1e-12);        // %
    EXPECT_NEAR(canonical(0x00B5, 900'000), 9'000, 1e-9);      // kg/ha
    EXPECT_NEAR(canonical(0x018D, 2500), 2.5, 1e-12);          // m/s
    EXPECT_NEAR(canonical(0x0095, 10'000), 36, 1e-9);          // L/h
    EXPECT_NEAR(canonical(0x0034, 80), 0.08, 1e-12);           // m
    EXPECT_EQ(find_point_ddi(0x0054)->property, PropertyId::wet_mass_per_area);
    EXPECT_EQ(find_point_ddi(0x0033)->property, PropertyId::tillage_depth_target);
    EXPECT_EQ(find_point_ddi(0x0034)->property, PropertyId::tillage_depth_actual);
    EXPECT_EQ(find_point_ddi(0x000B)->property, PropertyId::seed_rate_target);
    EXPECT_EQ(find_point_ddi(0x0001)->property, PropertyId::applied_rate_target);
}

TEST(IsoxmlDdi, work_state_is_on_off_or_missing) {
    const DdiMapping* m = find_point_ddi(0x008D);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->property, PropertyId::recording_status);
    EXPECT_EQ(point_value(*m, 1), 1.0);
    EXPECT_EQ(point_value(*m, 0), 0.0);
    EXPECT_TRUE(std::isnan(point_value(*m, 2)));
    EXPECT_TRUE(std::isnan(point_value(*m, 3)));
}

TEST(IsoxmlDdi, condensed_work_state_is_on_when_any_section_is_on) {
    for (std::uint16_t ddi = 0x00A1; ddi <= 0x00B0; ++ddi) {
        ASSERT_NE(find_point_ddi(ddi), nullptr) << ddi;
        EXPECT_EQ(find_point_ddi(ddi)->property, PropertyId::recording_status);
    }
    EXPECT_EQ(any_section_on(static_cast<std::int32_t>(0xFFFFFFFF)), 0.0); // all "not installed"
    EXPECT_EQ(any_section_on(static_cast<std::int32_t>(0xFFFFFFF0)), 0.0); // sections 1-2 off
    EXPECT_EQ(any_section_on(static_cast<std::int32_t>(0xFFFFFFF4)), 1.0); // section 2 on
    EXPECT_EQ(any_section_on(static_cast<std::int32_t>(0x40000000)), 1.0); // section 16 on
    EXPECT_EQ(find_point_ddi(0x00B1), nullptr);                             // length of cut
}

TEST(IsoxmlDdi, total_fuel_is_a_running_total_in_litres) {
    const DdiMapping* m = find_point_ddi(0x0094);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->property, PropertyId::fuel_used);
    EXPECT_EQ(m->kind, DdiKind::running_total);
    EXPECT_NEAR(point_value(*m, 84889), 84.889, 1e-12);
}

TEST(IsoxmlDdi, ignores_proprietary_and_request_ddis) {
    for (const std::uint16_t ddi : {0xDFFE, 0xDFFF, 0xE000, 0xEA60, 0xFFFE, 0xFFFF, 0x0090})
        EXPECT_EQ(find_point_ddi(ddi), nullptr) << ddi;
}

TEST(IsoxmlDdi, totals_are_named_and_scaled_to_canonical_units) {
    EXPECT_EQ(find_total_ddi(0x0074)->name, "totalArea");
    EXPECT_EQ(find_total_ddi(0x0074)->unit, "m2");
    EXPECT_EQ(find_total_ddi(0x0075)->unit, "m");
    EXPECT_DOUBLE_EQ(find_total_ddi(0x0075)->scale, 0.001);
    EXPECT_EQ(find_total_ddi(0x0094)->unit, "L");
    EXPECT_EQ(find_total_ddi(0x005A)->unit, "kg");
    EXPECT_EQ(find_total_ddi(0x0043), nullptr);
    for (const std::uint16_t ddi : {0x0050, 0x0051, 0x0052, 0x0059, 0x005A, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078,
                                    0x0094, 0x00B7})
        EXPECT_NE(schema::find_unit(find_total_ddi(ddi)->unit), nullptr) << ddi;
}

TEST(IsoxmlDdi, parses_hex_ddis) {
    EXPECT_EQ(parse_ddi("0054"), 0x0054);
    EXPECT_EQ(parse_ddi("dfff"), 0xDFFF);
    EXPECT_EQ(parse_ddi("8D"), 0x008D);
    EXPECT_FALSE(parse_ddi(""));
    EXPECT_FALSE(parse_ddi("10000"));
    EXPECT_FALSE(parse_ddi("0x54"));
    EXPECT_EQ(ddi_label(0x74), "0x0074");
}

TEST(IsoxmlDdi, operation_type_follows_the_logged_ddis) {
    using V = std::vector<std::uint16_t>;
    EXPECT_EQ(operation_type_for(V{0x0043, 0x0054, 0x0063}), schema::OperationType::harvested);
    EXPECT_EQ(operation_type_for(V{0x000B, 0x000C, 0x0007}), schema::OperationType::planted);
    EXPECT_EQ(operation_type_for(V{0x0006, 0x0007}), schema::OperationType::applied);
    EXPECT_EQ(operation_type_for(V{0x0002}), schema::OperationType::applied);
    EXPECT_EQ(operation_type_for(V{0x0034}), schema::OperationType::tillage);
    EXPECT_FALSE(operation_type_for(V{0x0090, 0x018D, 0xE000}));
    EXPECT_EQ(cultural_practice_name(8), "Harvesting");
    EXPECT_EQ(cultural_practice_name(0), "");
    EXPECT_EQ(cultural_practice_name(99), "");
}

TEST(IsoxmlDdi, every_mapping_unit_exists_and_fits_its_property) {
    for (std::uint32_t ddi = 0; ddi <= 0xFFFF; ++ddi) {
        const DdiMapping* m = find_point_ddi(static_cast<std::uint16_t>(ddi));
        if (m == nullptr) continue;
        const schema::Unit* unit = schema::find_unit(m->unit);
        ASSERT_NE(unit, nullptr) << ddi;
        EXPECT_NO_THROW(schema::canonical_unit_for(m->property, *unit)) << ddi;
    }
}

} // namespace
} // namespace furrow::formats::isoxml
