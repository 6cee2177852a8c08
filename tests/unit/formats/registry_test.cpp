#include "formats/registry.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace furrow::formats {
namespace {

// file_format -> data set names found in a zip made of `paths` (contents do not matter for detection).
std::multimap<std::string, std::string> detect(const std::vector<std::string>& paths) {
    testing::TempDir dir;
    testing::ZipEntries entries;
    // A .jdl is claimed by content: give it one well-formed frame (0x0D, length 2, field 1 = 3).
    for (const auto& p : paths) entries.emplace_back(p, p.ends_with(".jdl") ? std::string("\x0d\x02\x00\x00\x00\x08\x03", 7) : "x");
    testing::write_zip(dir.path() / "u.zip", entries);
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    std::multimap<std::string, std::string> out;
    for (const auto& d : detect_datasets(bundle)) out.emplace(std::string(d.format->file_format), d.dataset.name);
    return out;
}

} // namespace

TEST(FormatRegistry, ids_and_wire_formats_are_unique) {
    std::set<std::string_view> ids;
    for (const auto& f : all_formats()) {
        EXPECT_TRUE(ids.insert(f.id).second) << f.id;
        EXPECT_FALSE(f.file_format.empty());
        EXPECT_NE(f.detect, nullptr);
        EXPECT_EQ(find_format(f.id), &f);
    }
    EXPECT_EQ(find_format("nope"), nullptr);
}

TEST(FormatRegistry, finds_every_seed_structure_at_any_depth) {
    const auto found = detect({
        "a/b/Field1.cn1/index.vy1", "a/b/Field1.cn1/data.vy1",
        "harvest_2019.dat",
        "x/GS3_2630/profile/RCD/EIC/global.ver",
        "JD-Data/log/day one/1.jdl",
        "deep/er/TASKDATA/TASKDATA.XML", "deep/er/TASKDATA/TLG00001.BIN",
        "shp/yield.shp", "shp/yield.dbf", "shp/yield.shx", "shp/yield.prj",
        "farm.geojson",
        "field.yld", "map.ilf", "sms/a.agdata", "sms/a.agsetup", "pp/planting.2020",
        "t/AgData/Tasks/t1.agt", "raven.jdp",
    });
    const std::multimap<std::string, std::string> expected = {
        {"CN1", "Field1.cn1"}, {"DAT", "harvest_2019.dat"}, {"GS3", "profile"}, {"JDL", "day one"},
        {"ISO11783", "TASKDATA"}, {"SHAPEFILE", "yield.shp"}, {"GEOJSON", "farm.geojson"}, {"YLD", "field.yld"},
        {"ILF", "map.ilf"}, {"AGDATA", "a.agdata"}, {"2020", "planting.2020"}, {"AGT", "t"}, {"JDP", "raven.jdp"}};
    EXPECT_EQ(found, expected);
}

TEST(FormatRegistry, one_zip_with_several_data_sets_yields_several) {
    const auto found = detect({"A.cn1/index.vy1", "B.cn1/index.vy1", "c.dat"});
    EXPECT_EQ(found.count("CN1"), 2u);
    EXPECT_EQ(found.count("DAT"), 1u);
}

TEST(FormatRegistry, shapefile_needs_dbf_and_shx_beside_it) {
    EXPECT_TRUE(detect({"a.shp", "a.dbf"}).empty());
    EXPECT_EQ(detect({"a.SHP", "a.dbf", "a.shx"}).count("SHAPEFILE"), 1u);
    EXPECT_TRUE(detect({"a.shp", "dir/a.dbf", "a.shx"}).empty());
}

TEST(FormatRegistry, root_taskdata_leaves_other_data_sets_alone) {
    const auto found = detect({"TASKDATA.XML", "TLG00001.BIN", "yield.shp", "yield.dbf", "yield.shx"});
    EXPECT_EQ(found.count("ISO11783"), 1u);
    EXPECT_EQ(found.count("SHAPEFILE"), 1u);
}

TEST(FormatRegistry, unrelated_files_are_not_data_sets) {
    EXPECT_TRUE(detect({"README.txt", "photo.jpg", "notes/readme.md"}).empty());
}

} // namespace furrow::formats
