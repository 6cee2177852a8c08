#include "formats/shapefile/shapefile_format.hpp"

#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"

#include <map>

namespace furrow::formats::shapefile {
namespace {

// A .shp is a data set when its .dbf and .shx are beside it. Everything with the same base name
// (.prj, .cpg, .sbn, .shp.xml, John Deere's metadata .json) belongs to it.
std::vector<Dataset> detect(const Bundle& bundle) {
    std::map<std::string, std::vector<std::string>> by_base; // lower-case "dir/base" -> entries
    for (const auto& e : bundle.entries()) {
        const auto name = detail::file_name_of(e.path);
        const auto dot = name.find('.');
        if (dot == std::string_view::npos || dot == 0) continue;
        const std::string dir = detail::parent_of(e.path);
        by_base[to_lower((dir.empty() ? "" : dir + "/") + std::string(name.substr(0, dot)))].push_back(e.path);
    }
    std::vector<Dataset> out;
    for (auto& [base, members] : by_base) {
        const std::string* shp = nullptr;
        bool dbf = false, shx = false;
        for (const auto& m : members) {
            const auto ext = to_lower(detail::file_name_of(m).substr(detail::file_name_of(m).find('.')));
            if (ext == ".shp") shp = &m;
            dbf = dbf || ext == ".dbf";
            shx = shx || ext == ".shx";
        }
        if (shp == nullptr || !dbf || !shx) continue;
        Dataset ds;
        ds.key = base;
        ds.marker = *shp;
        ds.name = std::string(detail::file_name_of(*shp));
        ds.entries = members;
        out.push_back(std::move(ds));
    }
    return out;
}

} // namespace

Format format() {
    return {"shapefile", "ESRI shapefile (.shp + .dbf + .shx)", "SHAPEFILE", "Leaf", detect,
            "the shapefile reader is not part of this version yet"};
}

} // namespace furrow::formats::shapefile
