#include "formats/shapefile/column_maps.hpp"

#include "formats/shapefile/jd_metadata.hpp"
#include "formats/shapefile/source_names.hpp"
#include "schema/units.hpp"

#include <gtest/gtest.h>

namespace furrow::formats::shapefile {

TEST(ShapefileColumnMaps, every_default_unit_exists_and_fits_its_property) {
    for (const auto& exporter : exporters())
        for (const auto& rule : exporter.rules) {
            if (rule.role != Role::value) continue;
            const auto* unit = schema::find_unit(rule.unit);
            ASSERT_NE(unit, nullptr) << exporter.id << " " << rule.names << " " << rule.unit;
            EXPECT_NO_THROW(schema::canonical_unit_for(rule.property, *unit)) << exporter.id << " " << rule.names;
        }
}

TEST(ShapefileColumnMaps, exporter_is_chosen_by_its_columns) {
    EXPECT_EQ(choose_exporter({"gid", "dstnc_f", "trck_d_", "durtn_s", "swth_w_", "yld_mss_w", "product"}).id, "sms");
    EXPECT_EQ(choose_exporter({"LONGITUDE", "LATITUDE", "FLOW", "TIME", "DISTANCE", "SWATH", "MOISTURE"}).id, "agleader");
    EXPECT_EQ(choose_exporter({"DISTANCE", "SWATHWIDTH", "VRYIELDVOL", "WetMass", "IsoTime"}).id, "john_deere");
    EXPECT_EQ(choose_exporter({"seedRate", "Product"}).id, "generic");
}

TEST(ShapefileColumnMaps, names_match_case_insensitively_and_by_alias) {
    const auto* rule = find_rule(john_deere(), "swathwi");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->property, schema::PropertyId::equipment_width);
    EXPECT_EQ(find_rule(john_deere(), "SWATH"), nullptr);
}

TEST(ShapefileColumnMaps, jd_units_translate) {
    EXPECT_EQ(jd_unit("lb1ac-1")->name, "lb/ac");
    EXPECT_EQ(jd_unit("bu1ac-1")->name, "bu/ac");
    EXPECT_EQ(jd_unit("prcnt")->name, "percentage");
    EXPECT_EQ(jd_unit("ft")->name, "ft");
    EXPECT_EQ(jd_unit("seeds1ac-1")->name, "seeds/ac");
    EXPECT_EQ(jd_unit("furlong1fortnight-1"), nullptr);
}

TEST(ShapefileColumnMaps, crop_names_follow_the_crop_table) {
    EXPECT_EQ(normalise_crop("OATS"), "oats");
    EXPECT_EQ(normalise_crop("WHEAT_HRD_RD_SPR"), "wheat (hrd rd spr)");
    EXPECT_EQ(normalise_crop(" Wheat "), "wheat");
    EXPECT_EQ(normalise_crop("Mystery Crop"), "Mystery Crop");
}

} // namespace furrow::formats::shapefile
