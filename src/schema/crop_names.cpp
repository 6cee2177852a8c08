#include "schema/crop_names.hpp"

#include <array>

namespace furrow::schema {
namespace {

constexpr auto vocabularies_table = std::to_array<CropVocabulary>({
    {"jd_crop_id", "John Deere crop id",
                   "John Deere's own crop list, `<Crop id=\"173\" name=\"Corn\">` in the GreenStar 3 setup files of "
                   "github.com/JohnDeere/SampleData (MIT, commit 5dcc579, \"Display data/GS3 - 2630 *.zip\", "
                   "RCD/EIC/setup.fds); the Ops Center oats export in shared/data logs Crop = 11 with CropToken OATS. "
                   "Ids not in that list are not known publicly and stay as written"},
    {"john_deere", "John Deere display and Ops Center names",
                   "the names of the same list, and Ops Center CropTokens (the names in capitals with '_': "
                   "WHEAT_HRD_RD_SPR; CORN_WET in Deere's Gen4 corn harvest export, whose Crop column is 173), "
                   "where they differ from Leaf's spelling"},
    {"en", "English", "common English names and abbreviations in US/UK/Australian grain trade use"},
    {"de", "German", "common German crop names (ISOXML CTP designators from German terminals, e.g. "
                                   "\"Wintergerste\" in the Topcon sample in shared/data)"},
    {"fr", "French", "common French crop names"},
    {"es", "Spanish", "common Spanish crop names (Spain and Latin America)"},
    {"pt", "Portuguese", "common Portuguese crop names (Portugal and Brazil)"},
});

constexpr std::string_view id = "jd_crop_id";
constexpr std::string_view jd = "john_deere";
constexpr std::string_view en = "en";
constexpr std::string_view de = "de";
constexpr std::string_view fr = "fr";
constexpr std::string_view es = "es";
constexpr std::string_view pt = "pt";

// Only names whose crop is not in doubt. Accents may be written or not ("maïs" and "mais" are one
// key); the translations map a species to Leaf's US name ("Mais" -> corn, not Leaf's "maize" row,
// which has the same density and moisture). Ambiguous names are left out on purpose: "Hirse" could
// be millet or sorghum, "Bohnen" any bean, "Elephant Grass" Miscanthus or Napier grass.
constexpr auto names_table = std::to_array<CropName>({
    // John Deere crop ids -> John Deere's names (mapped on by the rows below or Leaf's table).
    {id, "1", "Alfalfa"}, {id, "2", "Barley"}, {id, "3", "Edible Beans"}, {id, "4", "Navy Beans"},
    {id, "5", "Canola"}, {id, "6", "Flax"}, {id, "7", "Grass Seeds"}, {id, "8", "Lentils"},
    {id, "9", "Millet"}, {id, "10", "Mustard"}, {id, "11", "Oats"}, {id, "13", "Peas (Field)"},
    {id, "16", "Rape Seed"}, {id, "17", "Rice (Long)"}, {id, "18", "Rice (Medium)"}, {id, "19", "Rye"},
    {id, "20", "Safflower"}, {id, "21", "Sorghum"}, {id, "22", "Sunflower (Oil)"}, {id, "23", "Sunflower (Stripe)"},
    {id, "24", "Wheat (Durum)"}, {id, "25", "Wheat (Hrd Rd Spr)"}, {id, "26", "Wheat (Hrd Rd Wtr)"}, {id, "27", "Wheat (Sft Rd Wtr)"},
    {id, "28", "Wheat (White)"}, {id, "29", "Chickpeas"}, {id, "30", "Lupins"}, {id, "31", "Barley (Euro Spr)"},
    {id, "32", "Barley (Euro Wtr)"}, {id, "33", "Barley (Euro 6)"}, {id, "34", "Corn (Euro)"}, {id, "35", "Oats (Euro)"},
    {id, "36", "Peas (Euro)"}, {id, "37", "Popcorn (Euro)"}, {id, "38", "Rape Seed (E Ind)"}, {id, "39", "Rye (Euro)"},
    {id, "40", "Sunflower (E Ind)"}, {id, "41", "Sunflower (E Oil)"}, {id, "42", "Triticale"}, {id, "43", "Wheat (Euro Feed)"},
    {id, "44", "Wheat (Euro Wtr)"}, {id, "45", "Rape Seed (E Oil)"}, {id, "63", "Clover"}, {id, "64", "Corn Silage"},
    {id, "65", "Corn Cob Mix"}, {id, "71", "Elephant Grass"}, {id, "75", "Field Meadow Grass"}, {id, "81", "Grass Forage"},
    {id, "82", "Grassland"}, {id, "88", "Hemp"}, {id, "97", "Lucerne"}, {id, "105", "Peanuts"},
    {id, "110", "Potatoes"}, {id, "132", "Sugarbeet"}, {id, "133", "Sugarcane"}, {id, "146", "Set Aside"},
    {id, "171", "Sweet Corn"}, {id, "173", "Corn"}, {id, "174", "Soybeans"}, {id, "175", "Cotton"},
    {id, "176", "Boot stage WCS"}, {id, "177", "Energy Cane"}, {id, "178", "Mung Bean"}, {id, "179", "Sudangrass"},
    {id, "180", "Canola (Polish)"}, {id, "181", "Mustard (Gisilba)"}, {id, "182", "Lentil (Crimson)"}, {id, "183", "Lentil (Eston)"},
    {id, "184", "Lentil (Chilean)"}, {id, "185", "Lentil (Laird)"}, {id, "186", "Pea (Trapper)"},
    // John Deere names that Leaf spells differently.
    {jd, "Peas (Field)", "field peas"}, {jd, "Wheat (Durum)", "durum wheat"},
    {jd, "Wheat (Sft Rd Wtr)", "soft red winter wheat"}, {jd, "Wheat (White)", "white wheat"},
    {jd, "Barley (Euro Spr)", "european spring barley"}, {jd, "Barley (Euro Wtr)", "european winter barley"},
    {jd, "Barley (Euro 6)", "european barley 6"}, {jd, "Corn (Euro)", "european corn"},
    {jd, "Oats (Euro)", "european oats"}, {jd, "Peas (Euro)", "european peas"},
    {jd, "Popcorn (Euro)", "european popcorn"}, {jd, "Rye (Euro)", "european rye"},
    {jd, "Rape Seed (E Ind)", "rapeseed e ind"}, {jd, "Rape Seed (E Oil)", "rapeseed e oil"},
    {jd, "Wheat (Euro Feed)", "european wheat feed"}, {jd, "Wheat (Euro Wtr)", "european wheat wtr"},
    {jd, "Corn Silage", "corn, silage"}, {jd, "Corn Cob Mix", "corn, cob mix"},
    {jd, "Sugarbeet", "sugar beet"}, {jd, "Sugarcane", "sugar cane"},
    {jd, "Canola (Polish)", "canola polish"},
    // Ops Center CropToken of Deere's Gen4 corn harvest export (SampleData, "Gen4 - 4600 Harvest Data -
    // Point - OneHertz.zip": CropToken CORN_WET beside Crop = 173).
    {jd, "CORN_WET", "corn"},
    // English free text.
    {en, "Grain Corn", "corn"}, {en, "Corn Grain", "corn"}, {en, "Field Corn", "corn"}, {en, "Yellow Corn", "corn"},
    {en, "Shelled Corn", "corn"}, {en, "Maize Grain", "corn"}, {en, "Grain Maize", "corn"},
    {en, "Soy", "soybeans"}, {en, "Soya", "soybeans"}, {en, "Soy Beans", "soybeans"}, {en, "Soya Beans", "soybeans"},
    {en, "Soyabeans", "soybeans"}, {en, "Maize Silage", "corn, silage"}, {en, "Corn Silage", "corn, silage"},
    {en, "Durum", "durum wheat"}, {en, "HRS Wheat", "hard red spring wheat"}, {en, "HRW Wheat", "hard red winter wheat"},
    {en, "SRW Wheat", "soft red winter wheat"}, {en, "SWW Wheat", "soft white winter wheat"},
    {en, "Oilseed Rape", "rapeseed"}, {en, "OSR", "rapeseed"}, {en, "Winter Oilseed Rape", "oilseed rape winter"},
    {en, "Faba Beans", "fababean"}, {en, "Fava Beans", "fababean"}, {en, "Sugar Beets", "sugar beet"},
    {en, "Sugarbeets", "sugar beet"}, {en, "Linseed", "flax"}, {en, "Sunflowers Oil", "sunflower oil"},
    {en, "Milo", "sorghum"}, {en, "Grain Sorghum", "sorghum"}, {en, "Peanut", "peanuts"}, {en, "Groundnut", "peanuts"},
    // German.
    {de, "Mais", "corn"}, {de, "Körnermais", "corn"}, {de, "Silomais", "corn, silage"}, {de, "Zuckermais", "sweet corn"},
    {de, "Puffmais", "popcorn"}, {de, "Sojabohne", "soybeans"}, {de, "Sojabohnen", "soybeans"}, {de, "Soja", "soybeans"},
    {de, "Weizen", "wheat"}, {de, "Winterweizen", "winter wheat"}, {de, "Sommerweizen", "spring wheat"},
    {de, "Hartweizen", "durum wheat"}, {de, "Durumweizen", "durum wheat"}, {de, "Winterdurum", "durum wheat"},
    {de, "Dinkel", "spelt"}, {de, "Gerste", "barley"}, {de, "Wintergerste", "winter barley"},
    {de, "Sommergerste", "spring barley"}, {de, "Braugerste", "spring barley"}, {de, "Hafer", "oats"},
    {de, "Roggen", "rye"}, {de, "Winterroggen", "winter rye"}, {de, "Sommerroggen", "spring rye"},
    {de, "Raps", "rapeseed"}, {de, "Winterraps", "oilseed rape winter"}, {de, "Sonnenblume", "sunflower"},
    {de, "Sonnenblumen", "sunflower"}, {de, "Zuckerrübe", "sugar beet"}, {de, "Zuckerrüben", "sugar beet"},
    {de, "Kartoffel", "potatoes"}, {de, "Kartoffeln", "potatoes"}, {de, "Erbse", "peas"}, {de, "Erbsen", "peas"},
    {de, "Futtererbse", "field peas"}, {de, "Futtererbsen", "field peas"}, {de, "Ackerbohne", "fababean"},
    {de, "Ackerbohnen", "fababean"}, {de, "Reis", "rice"}, {de, "Baumwolle", "cotton"}, {de, "Luzerne", "lucerne"},
    {de, "Klee", "clover"}, {de, "Rotklee", "red clover"}, {de, "Weißklee", "white clover"}, {de, "Gras", "grass"},
    {de, "Lein", "flax"}, {de, "Öllein", "flax"}, {de, "Leinsamen", "flax"}, {de, "Linse", "lentils"},
    {de, "Linsen", "lentils"}, {de, "Kichererbse", "chickpeas"}, {de, "Kichererbsen", "chickpeas"},
    {de, "Lupine", "lupins"}, {de, "Lupinen", "lupins"}, {de, "Senf", "mustard"}, {de, "Buchweizen", "buckwheat"},
    {de, "Zuckerrohr", "sugar cane"}, {de, "Erdnuss", "peanuts"}, {de, "Erdnüsse", "peanuts"},
    {de, "Sorghumhirse", "sorghum"}, {de, "Rispenhirse", "millet"}, {de, "Einkorn", "einkorn"}, {de, "Emmer", "emmer"},
    // French.
    {fr, "Maïs", "corn"}, {fr, "Maïs grain", "corn"}, {fr, "Maïs ensilage", "corn, silage"},
    {fr, "Maïs doux", "sweet corn"}, {fr, "Soja", "soybeans"}, {fr, "Blé", "wheat"}, {fr, "Blé tendre", "wheat"},
    {fr, "Froment", "wheat"}, {fr, "Blé d'hiver", "winter wheat"}, {fr, "Blé tendre d'hiver", "winter wheat"},
    {fr, "Blé de printemps", "spring wheat"}, {fr, "Blé dur", "durum wheat"}, {fr, "Épeautre", "spelt"},
    {fr, "Orge", "barley"}, {fr, "Orge d'hiver", "winter barley"}, {fr, "Escourgeon", "winter barley"},
    {fr, "Orge de printemps", "spring barley"}, {fr, "Avoine", "oats"}, {fr, "Seigle", "rye"},
    {fr, "Colza d'hiver", "oilseed rape winter"}, {fr, "Tournesol", "sunflower"},
    {fr, "Betterave sucrière", "sugar beet"}, {fr, "Betterave à sucre", "sugar beet"},
    {fr, "Pomme de terre", "potatoes"}, {fr, "Pommes de terre", "potatoes"}, {fr, "Pois", "peas"},
    {fr, "Pois protéagineux", "field peas"}, {fr, "Féverole", "fababean"}, {fr, "Sorgho", "sorghum"},
    {fr, "Riz", "rice"}, {fr, "Coton", "cotton"}, {fr, "Luzerne", "lucerne"}, {fr, "Trèfle", "clover"},
    {fr, "Trèfle violet", "red clover"}, {fr, "Trèfle blanc", "white clover"}, {fr, "Herbe", "grass"},
    {fr, "Lin", "flax"}, {fr, "Lentille", "lentils"}, {fr, "Pois chiche", "chickpeas"}, {fr, "Lupin", "lupins"},
    {fr, "Moutarde", "mustard"}, {fr, "Sarrasin", "buckwheat"}, {fr, "Canne à sucre", "sugar cane"},
    {fr, "Arachide", "peanuts"}, {fr, "Millet", "millet"},
    // Spanish.
    {es, "Maíz", "corn"}, {es, "Maíz grano", "corn"}, {es, "Maíz forrajero", "corn, silage"},
    {es, "Maíz dulce", "sweet corn"}, {es, "Soya", "soybeans"}, {es, "Trigo", "wheat"},
    {es, "Trigo de invierno", "winter wheat"}, {es, "Trigo de primavera", "spring wheat"},
    {es, "Trigo duro", "durum wheat"}, {es, "Espelta", "spelt"}, {es, "Cebada", "barley"},
    {es, "Cebada de invierno", "winter barley"}, {es, "Cebada de primavera", "spring barley"}, {es, "Avena", "oats"},
    {es, "Centeno", "rye"}, {es, "Girasol", "sunflower"}, {es, "Remolacha azucarera", "sugar beet"},
    {es, "Patata", "potatoes"}, {es, "Papa", "potatoes"}, {es, "Guisante", "peas"}, {es, "Arveja", "peas"},
    {es, "Haba", "fababean"}, {es, "Sorgo", "sorghum"}, {es, "Arroz", "rice"}, {es, "Algodón", "cotton"},
    {es, "Alfalfa", "alfalfa"}, {es, "Trébol", "clover"}, {es, "Trébol rojo", "red clover"},
    {es, "Lino", "flax"}, {es, "Lenteja", "lentils"}, {es, "Garbanzo", "chickpeas"}, {es, "Altramuz", "lupins"},
    {es, "Mostaza", "mustard"}, {es, "Alforfón", "buckwheat"}, {es, "Trigo sarraceno", "buckwheat"},
    {es, "Caña de azúcar", "sugar cane"}, {es, "Cacahuete", "peanuts"}, {es, "Maní", "peanuts"}, {es, "Mijo", "millet"},
    // Portuguese.
    {pt, "Milho", "corn"}, {pt, "Milho grão", "corn"}, {pt, "Milho silagem", "corn, silage"},
    {pt, "Silagem de milho", "corn, silage"}, {pt, "Milho doce", "sweet corn"}, {pt, "Soja", "soybeans"},
    {pt, "Trigo de inverno", "winter wheat"}, {pt, "Cevada", "barley"}, {pt, "Cevada de inverno", "winter barley"},
    {pt, "Cevada de primavera", "spring barley"}, {pt, "Aveia", "oats"}, {pt, "Centeio", "rye"},
    {pt, "Girassol", "sunflower"}, {pt, "Beterraba sacarina", "sugar beet"}, {pt, "Beterraba açucareira", "sugar beet"},
    {pt, "Batata", "potatoes"}, {pt, "Ervilha", "peas"}, {pt, "Fava", "fababean"}, {pt, "Algodão", "cotton"},
    {pt, "Alfafa", "alfalfa"}, {pt, "Trevo", "clover"}, {pt, "Trevo vermelho", "red clover"}, {pt, "Linho", "flax"},
    {pt, "Lentilha", "lentils"}, {pt, "Grão-de-bico", "chickpeas"}, {pt, "Tremoço", "lupins"},
    {pt, "Mostarda", "mustard"}, {pt, "Trigo-sarraceno", "buckwheat"}, {pt, "Cana-de-açúcar", "sugar cane"},
    {pt, "Amendoim", "peanuts"}, {pt, "Milheto", "millet"},
});

} // namespace

std::span<const CropVocabulary> crop_vocabularies() { return vocabularies_table; }
std::span<const CropName> crop_names() { return names_table; }

} // namespace furrow::schema
