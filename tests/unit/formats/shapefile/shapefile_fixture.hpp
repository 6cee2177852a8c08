#pragma once
// Small shapefiles written at test time with the OGR API (no binary fixtures in the repository),
// zipped and read through the shapefile format like an upload.
#include "schema/machine_data.hpp"
#include "support/zip_builder.hpp"

#include <ogr_api.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace furrow::formats::shapefile::testing {

struct FixtureField {
    std::string name;
    OGRFieldType type = OFTReal;
    int width = 0; // 0: OGR's default
    int precision = 0;
};

struct FixtureFeature {
    std::string wkt;
    std::vector<std::string> values; // one per field, set as text; empty = left unset (null)
};

struct Fixture {
    std::string base = "field";
    std::optional<int> epsg = 4326; // nullopt: no .prj
    std::vector<FixtureField> fields;
    std::vector<FixtureFeature> features;
};

// Writes <dir>/<base>.shp/.shx/.dbf(/.prj).
void write_shapefile(const std::filesystem::path& dir, const Fixture& fixture);
// Overwrites one value in the .dbf with `fill` characters, as dBase does when a number overflows
// its field ("****"): OGR itself never writes that.
void overflow_dbf_value(const std::filesystem::path& dbf, int record, int field);
// Every file of `dir` plus `extra` entries, zipped.
void zip_dir(const std::filesystem::path& dir, const std::filesystem::path& zip, const furrow::testing::ZipEntries& extra = {});
// Detects exactly one shapefile data set in the zip and reads it.
schema::MachineData read_zip(const std::filesystem::path& zip);

} // namespace furrow::formats::shapefile::testing
