#include "formats/registry.hpp"

#include "formats/csv/csv_format.hpp"
#include "formats/geojson/geojson_format.hpp"
#include "formats/isoxml/isoxml_format.hpp"
#include "formats/jd_gen4/jd_gen4_format.hpp"
#include "formats/jd_greenstar/greenstar_format.hpp"
#include "formats/proprietary/proprietary_formats.hpp"
#include "formats/shapefile/shapefile_format.hpp"

#include "core/error.hpp"

#include <array>
#include <set>

namespace furrow::formats {
namespace {

// Order matters: formats that name their exact files come first; folder-based formats whose data
// set may be the whole zip (a TASKDATA.XML at the root) come last and get what is left.
const std::array<Format, 15>& formats() {
    static const std::array<Format, 15> list = {
        proprietary::cnhi_cn1(),
        proprietary::climate_dat(),
        proprietary::precision_planting_2020(),
        proprietary::agleader_yld(),
        proprietary::agleader_ilf(),
        proprietary::agleader_agdata(),
        proprietary::raven_jdp(),
        shapefile::format(),
        geojson::format(),
        csv::format(),
        proprietary::trimble_agdata(),
        jd_greenstar::gs3_format(),
        jd_greenstar::gs2_format(),
        jd_gen4::format(),
        isoxml::format(),
    };
    return list;
}

// A data set the format cannot split (say its TASKDATA.XML is malformed) stays one machine file,
// so the reader's error reaches the user on that file instead of the data set vanishing.
void split_into(const Format& format, const Bundle& bundle, Dataset ds, std::vector<DetectedDataset>& out) {
    if (format.split == nullptr) {
        out.push_back({&format, std::move(ds)});
        return;
    }
    try {
        for (auto& part : format.split(bundle, ds)) out.push_back({&format, std::move(part)});
    } catch (const Error& e) {
        if (e.code() == ErrorCode::unavailable || e.code() == ErrorCode::internal) throw;
        out.push_back({&format, std::move(ds)});
    }
}

} // namespace

std::span<const Format> all_formats() { return formats(); }

const Format* find_format(std::string_view id) {
    for (const auto& f : formats())
        if (f.id == id) return &f;
    return nullptr;
}

bool is_known_file_format(std::string_view file_format) {
    for (const auto& f : formats())
        if (f.file_format == file_format) return true;
    return false;
}

std::vector<DetectedDataset> detect_datasets(const Bundle& bundle) {
    std::vector<DetectedDataset> out;
    std::set<std::string> claimed;
    for (const auto& format : formats()) {
        for (auto& ds : format.detect(bundle)) {
            if (claimed.contains(ds.marker)) continue;
            std::erase_if(ds.entries, [&](const std::string& e) { return claimed.contains(e); });
            claimed.insert(ds.entries.begin(), ds.entries.end());
            split_into(format, bundle, std::move(ds), out);
        }
    }
    return out;
}

} // namespace furrow::formats
