#include "app/convert_export.hpp"

#include "core/error.hpp"
#include "pipeline/catalogue.hpp"

#include <fstream>
#include <system_error>

namespace furrow::app {
namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path);
    out << text << '\n';
    if (!out) throw Error(ErrorCode::internal, "convert: cannot write " + path.string());
}

// The blob's bytes as dir/{its name}: moved (the local store is thrown away afterwards), copied
// when the two are on different file systems. Returns the name.
std::string take_blob(store::BlobStore& blobs, const std::string& key, const std::filesystem::path& dir) {
    const auto from = blobs.local_path(key);
    const auto name = from.filename().string();
    std::error_code ec;
    std::filesystem::rename(from, dir / name, ec);
    if (ec) std::filesystem::copy_file(from, dir / name, std::filesystem::copy_options::overwrite_existing);
    return name;
}

// An image list output: each image (and its GIS sidecar) as a file, and {output}.json listing them
// as the API does, with the file's name where the API has links.
std::size_t take_images(store::BlobStore& blobs, const pipeline::OutputInfo& output, const nlohmann::json& stored,
                        const std::filesystem::path& dir) {
    auto listing = nlohmann::json::array();
    for (const auto& image : stored) {
        auto entry = pipeline::image_entry_fields(output, image);
        entry["file"] = take_blob(blobs, image.at("blob").get<std::string>(), dir);
        if (image.contains("aux")) take_blob(blobs, image.at("aux").get<std::string>(), dir);
        listing.push_back(std::move(entry));
    }
    write_text(dir / (std::string(output.name) + ".json"), listing.dump(2));
    return listing.size();
}

// Every output the file has, under its catalogue name; what the line reports of them.
void take_outputs(store::BlobStore& blobs, const store::MachineFile& f, const std::filesystem::path& dir,
                  nlohmann::json& line) {
    for (const auto& output : pipeline::catalogue().outputs) {
        const std::string name(output.name);
        if (output.answer == pipeline::OutputAnswer::file_record) {
            if (const auto& key = pipeline::record_blob_key(f, output.record); !key.empty()) take_blob(blobs, key, dir);
            continue;
        }
        const auto it = f.artifacts.find(name);
        if (it == f.artifacts.end()) continue;
        if (output.answer == pipeline::OutputAnswer::image_list) {
            line[name] = take_images(blobs, output, *it, dir);
            continue;
        }
        take_blob(blobs, it->at("blob").get<std::string>(), dir);
        if (it->contains("polygons")) {
            line["polygons"] = it->at("polygons");
            line["polygons_left_out"] = it->at("leftOut");
        }
        if (it->contains("report")) write_text(dir / "cleaning.json", it->at("report").dump());
    }
}

} // namespace

nlohmann::json export_file(store::BlobStore& blobs, const LocalFile& local, const std::filesystem::path& dir) {
    const auto& f = local.file;
    nlohmann::json line = {{"name", f.file_name}, {"format", f.format_id}, {"part", f.dataset_part},
                           {"status", f.status == store::FileStatus::processed ? "processed" : "failed"}};
    if (!f.status_message.empty()) line["message"] = f.status_message;
    nlohmann::json steps = nlohmann::json::object(), durations = nlohmann::json::object();
    for (const auto& s : local.steps) steps[s.step] = {{"status", std::string(store::to_string(s.status))}, {"message", s.message}};
    for (const auto& [step, ms] : local.durations) durations[step] = ms;
    line["steps"] = steps;
    line["steps_ms"] = durations;
    // The filtered output's fate, as the step recorded it.
    if (const auto* step = steps.contains("filteredGeojson") ? &steps["filteredGeojson"] : nullptr) {
        if (const auto it = f.artifacts.find("filteredGeojson"); it != f.artifacts.end())
            line["filtered"] = {{"status", "processed"}, {"points", it->at("points")}};
        else if (step->at("status") == "failed")
            line["filtered"] = {{"status", "failed"}, {"message", step->at("message")}};
    }
    std::filesystem::create_directories(dir);
    if (f.artifacts.contains("standardPoints")) line["standard_points"] = f.artifacts["standardPoints"]["count"];
    if (!f.summary.empty()) write_text(dir / "summary.json", f.summary);
    if (!f.units.empty()) write_text(dir / "units.json", f.units);
    write_text(dir / "status.json", steps.dump(2));
    take_outputs(blobs, f, dir, line);
    line["output"] = dir.string();
    return line;
}

} // namespace furrow::app
