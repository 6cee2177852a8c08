#include "pipeline/output_writers.hpp"

#include "core/error.hpp"
#include "formats/bundle.hpp"
#include "outputs/geojson_writer.hpp"
#include "outputs/output_file.hpp"
#include "outputs/parquet/geoparquet_writer.hpp"
#include "outputs/raster/render_images.hpp"
#include "pipeline/derived_outputs.hpp"
#include "pipeline/publish.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <memory>

namespace furrow::pipeline {
namespace {

std::string blob_of(const OutputInput& in, const OutputInfo& self) { return file_blob_key(in.file_id, std::string(self.file_name)); }

const schema::MachineData& points_of(const OutputInput& in, const OutputInfo& self) {
    if (in.points == nullptr) throw Error(ErrorCode::internal, fmt::format("{}: no points to write", self.name));
    return *in.points;
}

// Stores each rendered file (and a PNG's .aux.xml) as files/{id}/{prefix}{file name}.
nlohmann::json store_rendered(const OutputInput& in, const OutputInfo& self, const std::vector<outputs::RenderedImage>& images) {
    auto list = nlohmann::json::array();
    for (const auto& image : images) {
        const auto name = std::string(self.file_name) + image.file.filename().string();
        nlohmann::json entry = {{"property", image.property}, {"blob", file_blob_key(in.file_id, name)}};
        in.ctx.blobs.put_file(entry["blob"], image.file);
        const auto aux = std::filesystem::path(image.file.string() + ".aux.xml");
        if (std::filesystem::exists(aux)) {
            entry["aux"] = file_blob_key(in.file_id, name + ".aux.xml");
            in.ctx.blobs.put_file(entry["aux"], aux);
        }
        if (!image.legend.is_null()) entry["legend"] = image.legend;
        if (!image.extent.is_null()) entry["extent"] = image.extent;
        list.push_back(std::move(entry));
    }
    return list;
}

const outputs::RenderedImages& rendered(const OutputInput& in, const OutputInfo& self) {
    if (in.images == nullptr) throw Error(ErrorCode::internal, fmt::format("{}: no rendered images", self.name));
    return *in.images;
}

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

void add_to_zip(zip_t* zip, const std::filesystem::path& file, const std::string& name) {
    zip_source_t* source = zip_source_file(zip, file.c_str(), 0, -1);
    if (source == nullptr || zip_file_add(zip, name.c_str(), source, ZIP_FL_OVERWRITE) < 0) {
        if (source != nullptr) zip_source_free(source);
        throw Error(ErrorCode::internal, fmt::format("zippedPNGs: cannot add {}: {}", name, zip_strerror(zip)));
    }
}

} // namespace

nlohmann::json write_original_zip(const OutputInput& in, const OutputInfo& self) {
    const auto key = blob_of(in, self);
    // A re-run after a crash: the data set's zip is already stored.
    if (in.existing_blob == key && in.ctx.blobs.size(key)) return {{"blob", key}};
    if (in.bundle == nullptr || in.entries == nullptr) throw Error(ErrorCode::internal, "originalFile: no upload to copy");
    publish(in.ctx, key, [&](const auto& path) { in.bundle->write_subset(*in.entries, path); });
    return {{"blob", key}};
}

nlohmann::json write_raw_geojson(const OutputInput& in, const OutputInfo& self) {
    const auto key = blob_of(in, self);
    publish(in.ctx, key, [&](const auto& path) {
        outputs::write_points_geojson(points_of(in, self), {.include_units = true, .crop = ""}, path);
    });
    return {{"blob", key}};
}

nlohmann::json write_standard_geojson(const OutputInput& in, const OutputInfo& self) {
    const auto key = blob_of(in, self);
    publish(in.ctx, key, [&](const auto& path) {
        outputs::write_points_geojson(points_of(in, self), {.include_units = false, .crop = in.crop}, path);
    });
    return {{"blob", key}};
}

nlohmann::json write_filtered_geojson(const OutputInput& in, const OutputInfo& self) {
    auto out = write_standard_geojson(in, self);
    if (in.cleaning != nullptr) {
        out["points"] = in.cleaning->kept_points;
        out["report"] = in.cleaning->report;
    }
    return out;
}

nlohmann::json write_points_geoparquet(const OutputInput& in, const OutputInfo& self) {
    const auto key = blob_of(in, self);
    publish(in.ctx, key, [&](const auto& path) { outputs::write_points_geoparquet(points_of(in, self), {.crop = in.crop}, path); });
    return {{"blob", key}};
}

nlohmann::json write_polygon_geoparquet(const OutputInput& in, const OutputInfo& self) {
    const auto key = blob_of(in, self);
    outputs::SwathPolygonCounts counts;
    publish(in.ctx, key, [&](const auto& path) {
        counts = outputs::write_swath_polygons_geoparquet(points_of(in, self), {.crop = in.crop}, path);
    });
    return {{"blob", key}, {"polygons", counts.polygons}, {"leftOut", counts.left_out}};
}

nlohmann::json write_coverage_geojson(const OutputInput& in, const OutputInfo& self) {
    if (in.summary == nullptr) throw Error(ErrorCode::internal, "coverage: no summary");
    const auto key = blob_of(in, self);
    publish(in.ctx, key, [&](const auto& path) {
        outputs::OutputFile out(path, "coverage");
        out.write(in.summary->full_geometry.dump());
        out.close();
    });
    return {{"blob", key}};
}

nlohmann::json store_images_v1(const OutputInput& in, const OutputInfo& self) {
    return store_rendered(in, self, rendered(in, self).images);
}
nlohmann::json store_images_v2(const OutputInput& in, const OutputInfo& self) {
    return store_rendered(in, self, rendered(in, self).images_v2);
}
nlohmann::json store_geotiffs(const OutputInput& in, const OutputInfo& self) {
    return store_rendered(in, self, rendered(in, self).geotiffs);
}

nlohmann::json write_zipped_pngs(const OutputInput& in, const OutputInfo& self) {
    // Every PNG list (images, imagesV2) with its sidecars: {folder}/{file name without the prefix}.
    std::vector<std::pair<std::string, std::string>> members; // blob key, name in the zip
    for (const auto& list : in.catalogue.outputs) {
        if (list.answer != OutputAnswer::image_list || list.media_type != "image/png" || in.artifacts == nullptr) continue;
        const auto stored = in.artifacts->find(std::string(list.name));
        if (stored == in.artifacts->end()) continue;
        for (const auto& image : *stored)
            for (const char* member : {"aux", "blob"}) // the order the zip always had
                if (image.contains(member)) {
                    const auto key = image.at(member).get<std::string>();
                    const auto name = key.substr(key.rfind('/') + 1);
                    members.emplace_back(key, std::string(list.name) + "/" + name.substr(list.file_name.size()));
                }
    }
    if (members.empty()) throw Error(ErrorCode::invalid_input, "no property has values to draw");
    const auto key = blob_of(in, self);
    publish(in.ctx, key, [&](const std::filesystem::path& path) {
        int code = 0;
        std::unique_ptr<zip_t, ZipCloser> zip(zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
        if (!zip) throw Error(ErrorCode::internal, fmt::format("zippedPNGs: cannot create the zip (libzip {})", code));
        for (const auto& [blob, name] : members) add_to_zip(zip.get(), in.ctx.blobs.local_path(blob), name);
        if (zip_close(zip.get()) != 0)
            throw Error(ErrorCode::internal, fmt::format("zippedPNGs: cannot write the zip: {}", zip_strerror(zip.get())));
        static_cast<void>(zip.release()); // closed: nothing left to discard
    });
    return {{"blob", key}};
}

} // namespace furrow::pipeline
