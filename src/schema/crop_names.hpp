#pragma once
// THE crop-name vocabulary: how sources name a crop (John Deere's integer crop ids, JD display and
// Ops Center names, ISOXML CTP designators in English, German, French, Spanish and Portuguese,
// free-text variants) -> the name of Leaf's crop table (crops.hpp, docs/CROPS.md). Data only, like
// the column catalogue; normalise_crop() applies it for every reader (shapefile, CSV, GeoJSON,
// ISOXML, John Deere Gen4). docs/CROPS.md's vocabulary section is generated from these tables
// (`furrow crops`) and a test keeps the two in step.
#include <span>
#include <string>
#include <string_view>

namespace furrow::schema {

struct CropVocabulary {
    std::string_view id;        // "jd_crop_id", "de", ...
    std::string_view title;     // shown in docs/CROPS.md
    std::string_view reference; // the public document or sample the names come from
};

struct CropName {
    std::string_view vocabulary; // CropVocabulary::id
    std::string_view text;       // as the source writes it ("173", "Körnermais", "Peas (Field)")
    std::string_view crop;       // the name it stands for: a crop of Leaf's table, or (JD ids only)
                                 // John Deere's own name, which normalise_crop() then maps
};

std::span<const CropVocabulary> crop_vocabularies();
std::span<const CropName> crop_names(); // grouped by vocabulary

// A source's crop text -> the crop table's name when the vocabulary or the table knows it, else the
// source's text trimmed. Case, accents, '_' and '-' are ignored; an all-digit text is a John Deere
// crop id; "Wheat (Hrd Rd Spr)", "WHEAT_HRD_RD_SPR" and "wheat hrd rd spr" are one name; a plural or
// singular form ("soybean") finds the table's other form. docs/CROPS.md states the rules in order.
std::string normalise_crop(std::string_view text);

// The matching key: lower case, Latin-1 accents dropped ("Körnermais" -> "kornermais", "maïs" ->
// "mais"), '_' and '-' as spaces, runs of spaces as one, trimmed.
std::string crop_key(std::string_view text);

} // namespace furrow::schema
