#include "formats/jd_gen4/jd_gen4_format.hpp"

#include "core/error.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/jd_gen4/jdl_frames.hpp"
#include "formats/jd_gen4/jdl_points.hpp"
#include "formats/jd_gen4/jdl_streams.hpp"
#include "formats/jd_gen4/protobuf_wire.hpp"

#include <algorithm>
#include <map>

namespace furrow::formats::jd_gen4 {
namespace {

constexpr std::size_t head_bytes = 16;

// A .jdl entry whose first bytes are a frame (by content, so a foreign file that happens to end in
// .jdl is not claimed); the data set is the folder it sits in, with every entry of that folder.
std::vector<Dataset> detect(const Bundle& bundle) {
    std::map<std::string, Dataset> by_folder;
    for (const auto& entry : bundle.entries()) {
        if (!detail::has_extension(entry.path, ".jdl") || entry.size < 6) continue;
        if (!looks_like_jdl(bundle.read_head(entry, head_bytes), static_cast<std::size_t>(entry.size))) continue;
        const std::string folder = detail::parent_of(entry.path);
        auto [it, inserted] = by_folder.try_emplace(folder);
        if (!inserted) continue;
        Dataset& ds = it->second;
        ds.key = folder;
        ds.marker = entry.path;
        ds.name = folder.empty() ? std::string(detail::file_name_of(entry.path)) : std::string(detail::file_name_of(folder));
        for (const auto& member : bundle.entries())
            if (detail::parent_of(member.path) == folder) ds.entries.push_back(member.path);
    }
    std::vector<Dataset> out;
    for (auto& [folder, ds] : by_folder) out.push_back(std::move(ds));
    return out;
}

schema::MachineData read(const Bundle& bundle, const Dataset& dataset) {
    std::vector<std::string> files;
    for (const auto& path : dataset.entries)
        if (detail::has_extension(path, ".jdl") && detail::parent_of(path) == dataset.key) files.push_back(path);
    std::sort(files.begin(), files.end());
    std::vector<FileLog> logs;
    for (const auto& path : files) {
        const auto* entry = bundle.find(path);
        if (entry == nullptr) continue;
        const std::string bytes = bundle.read_all(*entry);
        try {
            logs.push_back(decode_jdl(bytes));
        } catch (const WireError& e) {
            throw Error(ErrorCode::corrupt_file, "jd_gen4: " + path + ": " + e.what());
        }
    }
    // Files are named by their local start minute; the logs' own UTC times order them exactly.
    std::stable_sort(logs.begin(), logs.end(), [](const FileLog& a, const FileLog& b) {
        const auto first = [](const FileLog& l) { return l.track.empty() ? l.setup.start_ms : l.track.front().time_ms; };
        return first(a) < first(b);
    });
    const bool any_points = std::any_of(logs.begin(), logs.end(), [](const FileLog& l) { return !l.track.empty(); });
    if (!any_points)
        throw Error(ErrorCode::unsupported_format,
                    "jd_gen4: " + dataset.key + ": no logged positions in " + std::to_string(files.size()) +
                        " .jdl file(s): a setup-only card (no data message holds a receiver track, channel kind 1)");
    return build_machine_data(logs);
}

} // namespace

Format format() { return {"jd_gen4", "John Deere Gen 4 (JD-Data/log/*.jdl)", "JDL", "JohnDeere", detect, "", nullptr, read}; }

} // namespace furrow::formats::jd_gen4
