// The crop-name vocabulary (crop_names.cpp) and normalise_crop(): every row reaches a crop of Leaf's
// table, no spelling names two crops, and docs/CROPS.md shows the vocabulary as generated.
#include "schema/crop_names.hpp"
#include "schema/crop_names_doc.hpp"
#include "schema/crops.hpp"
#include "support/generated_doc.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace furrow::schema {

TEST(CropNames, every_row_names_a_vocabulary) {
    std::set<std::string_view> ids;
    for (const auto& v : crop_vocabularies()) ids.insert(v.id);
    for (const auto& name : crop_names()) EXPECT_TRUE(ids.contains(name.vocabulary)) << name.text;
}

TEST(CropNames, every_name_row_is_a_crop_of_leafs_table) {
    for (const auto& name : crop_names()) {
        if (name.vocabulary == "jd_crop_id") continue;
        EXPECT_TRUE(find_crop(name.crop)) << name.text << " -> " << name.crop << " is not in docs/CROPS.md";
        EXPECT_EQ(normalise_crop(name.text), name.crop) << name.text;
    }
}

TEST(CropNames, no_spelling_names_two_crops) {
    std::map<std::string, std::string_view> seen;
    for (const auto& name : crop_names()) {
        const auto key = std::string(name.vocabulary == "jd_crop_id" ? "#" : "") + crop_key(name.text);
        const auto [it, added] = seen.emplace(key, name.crop);
        EXPECT_TRUE(added || it->second == name.crop) << name.text << ": " << it->second << " or " << name.crop;
    }
}

// John Deere's list has 71 ids; the ones Leaf's table lacks keep John Deere's name.
TEST(CropNames, john_deere_ids_reach_leafs_table_except_crops_it_lacks) {
    const std::set<std::string> not_in_leafs_table{"elephant grass", "field meadow grass", "grass forage", "grassland",
                                                   "hemp", "set aside"};
    std::size_t ids = 0;
    for (const auto& name : crop_names()) {
        if (name.vocabulary != "jd_crop_id") continue;
        ++ids;
        const auto crop = normalise_crop(name.text);
        if (not_in_leafs_table.contains(crop)) EXPECT_FALSE(find_crop(crop)) << name.text;
        else EXPECT_TRUE(find_crop(crop)) << name.text << " (" << name.crop << ") -> " << crop;
    }
    EXPECT_EQ(ids, 71u);
}

TEST(CropNames, john_deere_ids_as_the_issue_names_them) {
    EXPECT_EQ(normalise_crop("173"), "corn");
    EXPECT_EQ(normalise_crop("174"), "soybeans");
    EXPECT_EQ(normalise_crop(" 11 "), "oats");       // the Ops Center oats export's Crop column
    EXPECT_EQ(normalise_crop("0173"), "corn");       // a zero-padded text cell
    EXPECT_EQ(normalise_crop("25"), "wheat (hrd rd spr)");
    EXPECT_EQ(normalise_crop("13"), "field peas");
    EXPECT_EQ(normalise_crop("17"), "rice long");    // "Rice (Long)": Leaf writes it without parentheses
    EXPECT_EQ(normalise_crop("88"), "hemp");         // JD's name where Leaf's table has none
    EXPECT_EQ(normalise_crop("12"), "12");           // an id nobody has published stays as written
    EXPECT_EQ(normalise_crop("999"), "999");
}

TEST(CropNames, isoxml_designators_in_five_languages) {
    for (const char* corn : {"Corn", "Mais", "Körnermais", "KÖRNERMAIS", "maïs", "Maïs grain", "maíz", "Maiz", "milho", "Milho grão"})
        EXPECT_EQ(normalise_crop(corn), "corn") << corn;
    for (const char* wheat : {"Wheat", "Weizen", "blé", "BLE", "trigo"}) EXPECT_EQ(normalise_crop(wheat), "wheat") << wheat;
    EXPECT_EQ(normalise_crop("Wintergerste"), "winter barley"); // the Topcon sample's CTP
    EXPECT_EQ(normalise_crop("Winterdurum"), "durum wheat");    // ditto
    EXPECT_EQ(normalise_crop("Sojabohnen"), "soybeans");
    EXPECT_EQ(normalise_crop("Zuckerrübe"), "sugar beet");
    EXPECT_EQ(normalise_crop("betterave sucrière"), "sugar beet");
    EXPECT_EQ(normalise_crop("Cana-de-açúcar"), "sugar cane");
    EXPECT_EQ(normalise_crop("grão-de-bico"), "chickpeas");
    EXPECT_EQ(normalise_crop("Orge d'hiver"), "winter barley");
}

TEST(CropNames, free_text_and_exporter_tokens) {
    EXPECT_EQ(normalise_crop("OATS"), "oats");
    EXPECT_EQ(normalise_crop("WHEAT_HRD_RD_SPR"), "wheat (hrd rd spr)");
    EXPECT_EQ(normalise_crop("BARLEY_EURO_SPR"), "european spring barley");
    EXPECT_EQ(normalise_crop("CORN WHITE"), "corn, white");
    EXPECT_EQ(normalise_crop(" Wheat "), "wheat");
    EXPECT_EQ(normalise_crop("soybean"), "soybeans");   // singular of the table's plural
    EXPECT_EQ(normalise_crop("Soy beans"), "soybeans");
    EXPECT_EQ(normalise_crop("Grain  Corn"), "corn");
    EXPECT_EQ(normalise_crop("Mystery Crop"), "Mystery Crop");
    EXPECT_EQ(normalise_crop(""), "");
}

TEST(CropNames, key_folds_case_accents_and_separators) {
    EXPECT_EQ(crop_key("  Körner_Mais - Ähre "), "korner mais ahre");
    EXPECT_EQ(crop_key("ÇÀÉÎÑÕßÿ"), "caeinossy");
    EXPECT_EQ(crop_key("\xff\xfe"), "\xff\xfe"); // bytes that are not UTF-8 Latin-1 letters stay
}

TEST(CropNamesDoc, crops_md_shows_the_vocabulary_as_generated) {
    const auto shown = testing::generated_doc_section("docs/CROPS.md", crop_names_doc_begin, crop_names_doc_end);
    ASSERT_TRUE(shown) << "docs/CROPS.md is missing or has no generated crop-name section";
    EXPECT_EQ(*shown, crop_names_markdown()) << "regenerate it: furrow crops";
}

} // namespace furrow::schema
