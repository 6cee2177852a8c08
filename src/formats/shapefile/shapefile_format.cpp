#include "formats/shapefile/shapefile_format.hpp"

#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/shapefile/shapefile_reader.hpp"

#include <map>

namespace furrow::formats::shapefile {
namespace {

// A .shp is a data set when its .dbf and .shx are beside it. Everything with the same base name
// (.prj, .cpg, .sbn, .shp.xml, John Deere's "<base>-Deere-Metadata.json") belongs to it. The base
// is the name minus a known suffix, so "Field 1.5.shp" and "a-Deere-Metadata.json" group right.
std::vector<Dataset> detect(const Bundle& bundle) {
    struct Members {
        const std::string* shp = nullptr;
        bool dbf = false, shx = false;
        std::vector<std::string> entries;
    };
    std::map<std::string, Members> by_base; // lower-case "dir/base" -> members
    for (const auto& e : bundle.entries()) {
        const auto name = detail::file_name_of(e.path);
        const std::string suffix = member_suffix(name);
        // "._x.shp" are macOS resource forks (__MACOSX/), not shapefiles.
        if (suffix.empty() || name.size() == suffix.size() || name.starts_with("._")) continue;
        const std::string dir = detail::parent_of(e.path);
        auto& m = by_base[to_lower((dir.empty() ? "" : dir + "/") + std::string(name.substr(0, name.size() - suffix.size())))];
        m.entries.push_back(e.path);
        if (suffix == ".shp") m.shp = &e.path;
        m.dbf = m.dbf || suffix == ".dbf";
        m.shx = m.shx || suffix == ".shx";
    }
    std::vector<Dataset> out;
    for (auto& [base, members] : by_base) {
        if (members.shp == nullptr || !members.dbf || !members.shx) continue;
        Dataset ds;
        ds.key = base;
        ds.marker = *members.shp;
        ds.name = std::string(detail::file_name_of(*members.shp));
        ds.entries = std::move(members.entries);
        out.push_back(std::move(ds));
    }
    return out;
}

} // namespace

Format format() {
    return {"shapefile", "ESRI shapefile (.shp + .dbf + .shx)", "SHAPEFILE", "Leaf", detect, "", nullptr, read_shapefile};
}

} // namespace furrow::formats::shapefile
