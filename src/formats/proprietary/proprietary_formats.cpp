#include "formats/proprietary/proprietary_formats.hpp"

#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"

namespace furrow::formats::proprietary {
namespace {
using namespace furrow::formats::detail;

constexpr std::string_view closed_format =
    "a closed binary format with no public description; furrow detects it but cannot convert it. Export the "
    "data as ISOXML or shapefile from the display or the provider's portal and upload that";

std::optional<std::string> single(std::string_view path, std::string_view ext) {
    if (has_extension(path, ext)) return std::string();
    return std::nullopt;
}

std::vector<Dataset> detect_cn1(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) -> std::optional<std::string> {
        const std::string parent = parent_of(p);
        if (!iequals(file_name_of(p), "index.vy1") || !has_extension(parent, ".cn1")) return std::nullopt;
        return parent;
    }, false);
}

std::vector<Dataset> detect_trimble_agdata(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) -> std::optional<std::string> {
        if (!has_extension(p, ".agt") || !path_contains_dir(p, "Tasks")) return std::nullopt;
        return root_above(p, "AgData");
    }, false);
}

std::vector<Dataset> detect_dat(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) { return single(p, ".dat"); }, true);
}
std::vector<Dataset> detect_2020(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) { return single(p, ".2020"); }, true);
}
std::vector<Dataset> detect_yld(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) { return single(p, ".yld"); }, true);
}
std::vector<Dataset> detect_ilf(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) { return single(p, ".ilf"); }, true);
}
std::vector<Dataset> detect_jdp(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) { return single(p, ".jdp"); }, true);
}

// An .agdata file and the .agsetup beside it (Ag Leader SMS export pair) are one data set.
std::vector<Dataset> detect_agleader_agdata(const Bundle& b) {
    auto sets = datasets_by_marker(b, [](std::string_view p) { return single(p, ".agdata"); }, true);
    for (auto& ds : sets) {
        const std::string folder = parent_of(ds.marker);
        for (const auto& e : b.entries())
            if (has_extension(e.path, ".agsetup") && parent_of(e.path) == folder) ds.entries.push_back(e.path);
    }
    return sets;
}

} // namespace

Format climate_dat() { return {"climate_dat", "Climate FieldView / 20|20 .dat", "DAT", "ClimateFieldView", detect_dat, closed_format}; }
Format precision_planting_2020() { return {"precision_planting_2020", "Precision Planting 20|20 Gen3 .2020", "2020", "PrecisionPlanting", detect_2020, closed_format}; }
Format cnhi_cn1() { return {"cnhi_cn1", "CNHI CN1 folder (.cn1/index.vy1)", "CN1", "CNHI", detect_cn1, closed_format}; }
Format agleader_yld() { return {"agleader_yld", "Ag Leader .yld", "YLD", "AgLeader", detect_yld, closed_format}; }
Format agleader_ilf() { return {"agleader_ilf", "Ag Leader .ilf", "ILF", "AgLeader", detect_ilf, closed_format}; }
Format agleader_agdata() { return {"agleader_agdata", "Ag Leader .agdata + .agsetup", "AGDATA", "AgLeader", detect_agleader_agdata, closed_format}; }
Format trimble_agdata() { return {"trimble_agdata", "Trimble AgData (AgData/Tasks/*.agt)", "AGT", "Trimble", detect_trimble_agdata, closed_format}; }
Format raven_jdp() { return {"raven_jdp", "Raven .jdp", "JDP", "RavenSlingshot", detect_jdp, closed_format}; }

} // namespace furrow::formats::proprietary
