// The column catalogue and its resolver on hand-written headers: every vocabulary the catalogue
// claims, truncation, units from header / metadata / unit code / default, partial mapping.
#include "formats/columns/catalogue.hpp"
#include "formats/columns/column_name.hpp"
#include "formats/columns/column_resolver.hpp"
#include "formats/columns/text_encoding.hpp"
#include "formats/columns/unit_text.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

namespace furrow::formats::columns {
namespace {

using schema::PropertyId;

const ResolvedColumn* value_of(const Resolution& r, std::string_view source) {
    for (const auto& c : r.columns)
        if (c.source == source) return &c;
    return nullptr;
}

Resolution resolve(const std::vector<std::string>& names, std::string_view fallback = "leaf_shapefile") {
    return resolve_columns(names, {.fallback = fallback});
}

} // namespace

TEST(ColumnCatalogue, every_entry_names_a_known_vocabulary_and_a_unit_that_fits) {
    for (const auto& entry : catalogue()) {
        ASSERT_NE(find_vocabulary(entry.vocabulary), nullptr) << entry.name;
        if (entry.meaning != Meaning::value || entry.unit.empty()) continue;
        const auto* unit = schema::find_unit(entry.unit);
        ASSERT_NE(unit, nullptr) << entry.vocabulary << " " << entry.name << " " << entry.unit;
        EXPECT_NO_THROW(schema::canonical_unit_for(entry.property, *unit)) << entry.vocabulary << " " << entry.name;
    }
}

TEST(ColumnCatalogue, names_are_unique_per_vocabulary_property_pair) {
    std::set<std::tuple<std::string_view, std::string, int, int>> seen;
    for (const auto& entry : catalogue()) {
        const auto key = std::tuple(entry.vocabulary, column_key(entry.name), static_cast<int>(entry.meaning),
                                    static_cast<int>(entry.property));
        EXPECT_TRUE(seen.insert(key).second) << entry.vocabulary << " " << entry.name;
    }
}

TEST(ColumnCatalogue, keys_ignore_case_spacing_and_punctuation) {
    EXPECT_EQ(column_key("Yld Mass(Dry)"), "yldmassdry");
    EXPECT_EQ(column_key("SWATH_WIDTH"), "swathwidth");
    EXPECT_EQ(split_header("Yld Mass(Dry)(tonne/ha)").name, "Yld Mass(Dry)");
    EXPECT_EQ(split_header("Yld Mass(Dry)(tonne/ha)").unit, "tonne/ha");
    EXPECT_EQ(split_header("Crop Flw(M)").unit, "");
    EXPECT_EQ(split_header("Crop Flw(M)(lb/s)").name, "Crop Flw(M)");
    EXPECT_EQ(split_header("Swath Width (m)").unit, "m");
    EXPECT_EQ(split_header("Yield [bu/ac]").unit, "bu/ac");
}

TEST(ColumnCatalogue, units_in_jd_codes_and_header_spellings) {
    EXPECT_EQ(parse_unit("bu1ac-1")->name, "bu/ac");
    EXPECT_EQ(parse_unit("lb1ac-1")->name, "lb/ac");
    EXPECT_EQ(parse_unit("gal1ac-1")->name, "gal/ac");
    EXPECT_EQ(parse_unit("seeds1ac-1")->name, "seeds/ac");
    EXPECT_EQ(parse_unit("prcnt")->name, "percentage");
    EXPECT_EQ(parse_unit("ft")->name, "ft");
    EXPECT_EQ(parse_unit("mi1hr-1")->name, "mi/hr");
    EXPECT_EQ(parse_unit("lb1sec-1")->name, "lb/s");
    EXPECT_EQ(parse_unit("tonne/ha")->name, "t/ha");
    EXPECT_EQ(parse_unit("mph")->name, "mi/hr");
    EXPECT_EQ(parse_unit("%")->name, "percentage");
    EXPECT_EQ(parse_unit("furlong1fortnight-1"), nullptr);
}

TEST(ColumnResolver, adapt_codes_full_and_cut_to_ten_characters) {
    const auto full = resolve({"vrAppRateVolumeActual", "vrSeedRateSeedsTarget", "vrYieldVolume"});
    ASSERT_NE(value_of(full, "vrAppRateVolumeActual"), nullptr);
    EXPECT_EQ(value_of(full, "vrAppRateVolumeActual")->property, PropertyId::applied_rate);
    EXPECT_EQ(value_of(full, "vrAppRateVolumeActual")->unit->name, "gal/ac");
    EXPECT_EQ(value_of(full, "vrSeedRateSeedsTarget")->property, PropertyId::seed_rate_target);
    EXPECT_EQ(value_of(full, "vrYieldVolume")->property, PropertyId::dry_volume_per_area);

    const auto cut = resolve({"vrappratev", "vrYieldWet", "vrHarvestM"});
    ASSERT_NE(value_of(cut, "vrappratev"), nullptr);
    EXPECT_EQ(value_of(cut, "vrappratev")->property, PropertyId::applied_rate); // Actual before Target
    EXPECT_EQ(value_of(cut, "vrYieldWet")->property, PropertyId::wet_mass_per_area);
    EXPECT_EQ(value_of(cut, "vrHarvestM")->property, PropertyId::harvest_moisture);
    EXPECT_FALSE(cut.warnings.empty()); // vrappratev could be three codes: the report says which
}

TEST(ColumnResolver, a_metadata_unit_picks_between_cut_codes) {
    const std::map<std::string, const schema::Unit*> units = {{"vryieldwet", &schema::unit("lb/s")}};
    const auto r = resolve_columns({"vrYieldWet"}, {.fallback = "leaf_shapefile", .metadata_units = &units});
    ASSERT_NE(value_of(r, "vrYieldWet"), nullptr);
    EXPECT_EQ(value_of(r, "vrYieldWet")->property, PropertyId::crop_flow);
    EXPECT_EQ(value_of(r, "vrYieldWet")->unit_from, "metadata");
}

TEST(ColumnResolver, agleader_headers_carry_their_units) {
    const auto r = resolve({"Longitude", "Latitude", "Yld Mass(Dry)(tonne/ha)", "Crop Flw(M)(lb/s)", "Swth Wdth(ft)", "Speed(mph)",
                            "Moisture(%)", "Obscure(thing)"},
                           "generic_table");
    EXPECT_EQ(value_of(r, "Yld Mass(Dry)(tonne/ha)")->property, PropertyId::dry_mass_per_area);
    EXPECT_EQ(value_of(r, "Yld Mass(Dry)(tonne/ha)")->unit->name, "t/ha");
    EXPECT_EQ(value_of(r, "Yld Mass(Dry)(tonne/ha)")->unit_from, "header");
    EXPECT_EQ(value_of(r, "Crop Flw(M)(lb/s)")->property, PropertyId::crop_flow);
    EXPECT_EQ(value_of(r, "Swth Wdth(ft)")->unit->name, "ft");
    EXPECT_EQ(value_of(r, "Speed(mph)")->unit->name, "mi/hr");
    EXPECT_EQ(value_of(r, "Moisture(%)")->property, PropertyId::harvest_moisture);
    EXPECT_EQ(r.unmapped, std::vector<std::string>{"Obscure(thing)"});
}

TEST(ColumnResolver, trimble_columns_and_an_undocumented_unit_left_unmapped) {
    const auto r = resolve({"Speed", "Swath_wdth", "Target", "UTC_Date", "UTC_Time", "Roll"});
    ASSERT_NE(r.exporter, nullptr);
    EXPECT_EQ(r.exporter->id, "trimble");
    EXPECT_EQ(value_of(r, "Speed")->unit->name, "km/h");
    EXPECT_EQ(value_of(r, "Swath_wdth")->unit->name, "m");
    EXPECT_TRUE(r.has(Meaning::date));
    EXPECT_TRUE(r.has(Meaning::time_of_day));
    EXPECT_EQ(value_of(r, "Target"), nullptr);
    EXPECT_EQ(r.unmapped, (std::vector<std::string>{"Target", "Roll"}));
}

TEST(ColumnResolver, a_unit_code_column_gives_the_unit) {
    const std::vector<std::string> first = {"12.5", "gal1ac-1"};
    const auto r = resolve_columns({"Target", "Target Unit"}, {.fallback = "leaf_shapefile", .force = "trimble", .first_values = &first});
    ASSERT_NE(value_of(r, "Target"), nullptr);
    EXPECT_EQ(value_of(r, "Target")->unit->name, "gal/ac");
    EXPECT_EQ(value_of(r, "Target")->unit_from, "unit code (Target Unit)");
}

TEST(ColumnResolver, exporter_is_chosen_by_its_columns) {
    EXPECT_EQ(resolve({"gid", "dstnc_f", "trck_d_", "durtn_s", "swth_w_", "yld_mss_w", "product"}).exporter->id, "sms");
    EXPECT_EQ(resolve({"LONGITUDE", "LATITUDE", "FLOW", "TIME", "DISTANCE", "SWATH", "MOISTURE"}).exporter->id, "yield_editor");
    EXPECT_EQ(resolve({"DISTANCE", "SWATHWIDTH", "VRYIELDVOL", "WetMass", "IsoTime"}).exporter->id, "john_deere");
    EXPECT_EQ(resolve({"seedRate", "Product"}).exporter, nullptr);
    // The same bare name means different units to different exporters.
    EXPECT_EQ(value_of(resolve({"FLOW", "TIME", "DISTANCE", "SWATH"}), "DISTANCE")->unit->name, "in");
    EXPECT_EQ(value_of(resolve({"DISTANCE", "SWATHWIDTH", "IsoTime"}), "DISTANCE")->unit->name, "ft");
}

TEST(ColumnResolver, a_second_column_for_one_property_stays_raw) {
    const auto r = resolve({"Lon", "Lat", "Altitude", "Elevation"}, "generic_table");
    EXPECT_NE(value_of(r, "Altitude"), nullptr);
    EXPECT_EQ(value_of(r, "Elevation"), nullptr);
    EXPECT_EQ(r.unmapped, std::vector<std::string>{"Elevation"});
}

TEST(ColumnResolver, a_seed_count_in_an_applied_rate_column_is_a_seed_rate) {
    const std::map<std::string, const schema::Unit*> units = {{"appliedrate", &schema::unit("seeds/ac")}};
    const auto r = resolve_columns({"AppldRt", "IsoTime"}, {.fallback = "leaf_shapefile", .force = "john_deere", .metadata_units = &units});
    EXPECT_EQ(value_of(r, "AppldRt")->property, PropertyId::seed_rate);
}

TEST(TextEncoding, utf8_is_kept_and_cp1252_is_converted) {
    EXPECT_EQ(text_as_utf8("Feuchte (%)"), "Feuchte (%)");
    EXPECT_EQ(text_as_utf8("D\xc3\xa9""bit"), "D\xc3\xa9""bit");
    EXPECT_EQ(text_as_utf8("D\xe9""bit"), "D\xc3\xa9""bit");
    EXPECT_EQ(text_as_utf8("\x80"), "\xe2\x82\xac");
    EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));
}

} // namespace furrow::formats::columns
