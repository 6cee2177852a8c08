#include "pipeline/content_hash.hpp"

#include "core/sha256.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

namespace furrow::pipeline {
namespace {

std::string hash_of(const furrow::testing::ZipEntries& entries, const std::vector<std::string>& dataset_entries,
                    const std::string& part = "", const std::string& format = "shapefile") {
    furrow::testing::TempDir dir;
    const auto zip = dir.path() / "in.zip";
    furrow::testing::write_zip(zip, entries);
    const auto bundle = formats::Bundle::open(zip, {});
    formats::Dataset dataset;
    dataset.part = part;
    dataset.entries = dataset_entries;
    return ContentHasher(bundle).dataset_hash(dataset, format);
}

} // namespace

TEST(ContentHash, the_same_data_set_in_another_folder_or_zip_hashes_the_same) {
    const auto base = hash_of({{"a.shp", "SHP"}, {"a.dbf", "DBF"}}, {"a.shp", "a.dbf"});
    EXPECT_EQ(base.rfind("sha256:", 0), 0u);
    EXPECT_EQ(base.size(), 7u + 64u);
    EXPECT_EQ(hash_of({{"x/readme.txt", "hi"}, {"x/a.dbf", "DBF"}, {"x/a.shp", "SHP"}}, {"x/a.dbf", "x/a.shp"}), base);
}

TEST(ContentHash, is_the_documented_digest_of_digests) {
    // Python's hashlib over the definition in content_hash.hpp:
    //   f = lambda b: str(len(b)).encode() + b":" + b
    //   sha256(f(b"shapefile") + f(b"") + f(b"a.dbf") + f(sha256(b"DBF").hexdigest().encode())
    //          + f(b"a.shp") + f(sha256(b"SHP").hexdigest().encode())).hexdigest()
    EXPECT_EQ(hash_of({{"a.shp", "SHP"}, {"a.dbf", "DBF"}}, {"a.shp", "a.dbf"}),
              "sha256:b82538461360464680acf40cffcffddfba73ded87bed01395084fd486a0cb5be");
    // FIPS 180-2's first example, fed in two pieces.
    Sha256 abc;
    abc.update("a");
    abc.update("bc");
    EXPECT_EQ(abc.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ContentHash, any_changed_byte_name_part_or_format_is_another_data_set) {
    const furrow::testing::ZipEntries entries = {{"a.shp", "SHP"}, {"a.dbf", "DBF"}};
    const auto base = hash_of(entries, {"a.shp", "a.dbf"});
    EXPECT_NE(hash_of({{"a.shp", "SHP"}, {"a.dbf", "DBf"}}, {"a.shp", "a.dbf"}), base);
    EXPECT_NE(hash_of({{"b.shp", "SHP"}, {"b.dbf", "DBF"}}, {"b.shp", "b.dbf"}), base);
    EXPECT_NE(hash_of(entries, {"a.shp", "a.dbf"}, "TSK2"), base);
    EXPECT_NE(hash_of(entries, {"a.shp", "a.dbf"}, "", "csv"), base);
    // Length prefixes: moving a byte from one entry's content to the next entry's name is a change.
    EXPECT_NE(hash_of({{"a", "bc"}, {"d", ""}}, {"a", "d"}), hash_of({{"a", "b"}, {"cd", ""}}, {"a", "cd"}));
}

} // namespace furrow::pipeline
