#include "formats/jd_greenstar/greenstar_format.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/jd_greenstar/fdd_block.hpp"
#include "formats/jd_greenstar/fdl_log.hpp"
#include "formats/jd_greenstar/greenstar_points.hpp"
#include "formats/jd_greenstar/setup_boundaries.hpp"

#include <algorithm>
#include <map>

namespace furrow::formats::jd_greenstar {
namespace {

using namespace furrow::formats::detail;

std::vector<Dataset> detect_gs2(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) -> std::optional<std::string> {
        if (!has_extension(p, ".fdd") && !has_extension(p, ".fdl")) return std::nullopt;
        return root_above(p, "RCD");
    }, false);
}

std::vector<Dataset> detect_gs3(const Bundle& b) {
    return datasets_by_marker(b, [](std::string_view p) -> std::optional<std::string> {
        if (!iequals(file_name_of(p), "global.ver") || !path_contains_dir(p, "EIC")) return std::nullopt;
        return root_above(p, "RCD");
    }, false);
}

std::string stem_of(std::string_view path) {
    const std::string name(file_name_of(path));
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(0, dot);
}

// The .fdd a .fdl names ("Documentation\75\x.fdd" on a GS3, "x.fdd" on a GS2): by file name,
// beside the .fdl first, else anywhere in the data set.
std::optional<std::string> fdd_entry(const std::vector<std::string>& entries, std::string_view fdl, std::string_view named) {
    std::string name(named);
    std::replace(name.begin(), name.end(), '\\', '/');
    name = std::string(file_name_of(name));
    const std::string beside = parent_of(fdl).empty() ? name : parent_of(fdl) + "/" + name;
    std::optional<std::string> anywhere;
    for (const auto& e : entries) {
        if (iequals(e, beside)) return e;
        if (!anywhere && iequals(file_name_of(e), name)) anywhere = e;
    }
    return anywhere;
}

// One machine file per .fdl, with the .fdd files it may name (same stem) beside it. A card with
// no .fdl (a setup card) stays one data set, which read() refuses with the reason.
std::vector<Dataset> split(const Bundle&, const Dataset& dataset) {
    std::vector<Dataset> out;
    for (const auto& path : dataset.entries) {
        if (!has_extension(path, ".fdl")) continue;
        Dataset part;
        part.key = dataset.key + "#" + path;
        part.part = stem_of(path);
        part.name = std::string(file_name_of(path));
        part.marker = path;
        part.entries.push_back(path);
        for (const auto& e : dataset.entries)
            if (has_extension(e, ".fdd") && iequals(stem_of(e), part.part)) part.entries.push_back(e);
        out.push_back(std::move(part));
    }
    if (out.empty()) out.push_back(dataset);
    return out;
}

std::string describe(const LogRegion& r) {
    std::string out = r.operation_class.starts_with("dti") ? r.operation_class.substr(3) : r.operation_class;
    if (!r.field.empty()) out += ", field " + r.field;
    if (!r.task.empty()) out += ", task " + r.task;
    if (r.machine && !r.machine->name.empty()) out += ", machine " + r.machine->name;
    return out;
}

schema::MachineData read(const Bundle& bundle, const Dataset& dataset) {
    const auto fdl = std::find_if(dataset.entries.begin(), dataset.entries.end(),
                                  [](const std::string& e) { return has_extension(e, ".fdl"); });
    if (fdl == dataset.entries.end())
        throw Error(ErrorCode::unsupported_format,
                    "jd_greenstar: " + dataset.key + ": a setup card with no logged data (no .fdl/.fdd log files): " +
                        "nothing to convert into points");
    const auto* fdl_entry = bundle.find(*fdl);
    if (fdl_entry == nullptr) throw Error(ErrorCode::corrupt_file, "jd_greenstar: " + *fdl + ": missing from the upload");
    const auto regions = parse_fdl(bundle.read_all(*fdl_entry), *fdl);
    std::map<std::string, std::string> fdd_bytes;
    std::vector<DecodedRegion> decoded;
    for (const auto& region : regions) {
        const auto path = fdd_entry(dataset.entries, *fdl, region.fdd_path);
        if (!path)
            throw Error(ErrorCode::corrupt_file, "jd_greenstar: " + *fdl + ": the point log " + region.fdd_path + " (" +
                                                     describe(region) + ") is not in the upload");
        auto [it, inserted] = fdd_bytes.try_emplace(*path);
        if (inserted) it->second = bundle.read_all(*bundle.find(*path));
        try {
            decoded.push_back({&region, decode_fdd_block(it->second, region.fdd_offset)});
        } catch (const FddError& e) {
            throw Error(ErrorCode::corrupt_file, "jd_greenstar: " + *path + ": the .fdd point log cannot be decoded (" +
                                                     std::string(e.what()) + "); the .fdl describes: " + describe(region));
        }
    }
    auto data = build_machine_data(decoded);
    if (data.points.size() == 0)
        throw Error(ErrorCode::unsupported_format, "jd_greenstar: " + *fdl + ": no record with a position in " +
                                                       std::to_string(regions.size()) + " task region(s)" +
                                                       (regions.empty() ? std::string() : " (" + describe(regions.front()) + ")"));
    return data;
}

} // namespace

Format gs2_format() {
    return {"jd_gs2", "John Deere GreenStar 2 (RCD .fdd/.fdl)", "GS2", "JohnDeere", detect_gs2, "", split, read};
}
Format gs3_format() {
    return {"jd_gs3", "John Deere GreenStar 3 2630 (RCD/EIC/global.ver)", "GS3", "JohnDeere", detect_gs3, "", split, read,
            setup_boundaries};
}

} // namespace furrow::formats::jd_greenstar
