#include "pipeline/derived_outputs.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "outputs/geojson_writer.hpp"
#include "outputs/raster/render_images.hpp"
#include "pipeline/cleaning/clean_points.hpp"
#include "pipeline/publish.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <memory>

namespace furrow::pipeline {
namespace {

// A scratch directory in the blob store's staging area, removed whatever happens.
class ScratchDir {
public:
    explicit ScratchDir(Context& ctx) : m_path(ctx.blobs.staging_dir() / ("render-" + random_hex(8))) {
        std::filesystem::create_directories(m_path);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// The points restricted to the properties the attribute map turns on for this operation type;
// nullopt when it turns none on (then every property gets an image, as furrow's default).
std::optional<schema::PointTable> selected_properties(const schema::MachineData& data, const nlohmann::json& map) {
    const auto type = map.find(data.source.operation_type_name());
    if (type == map.end() || !type->is_object()) return std::nullopt;
    std::vector<std::string> wanted;
    for (const auto& [property, on] : type->items())
        if (on.is_boolean() && on.get<bool>()) wanted.push_back(property);
    if (wanted.empty()) return std::nullopt;
    schema::PointTable table = data.points;
    std::vector<schema::PropertyId> drop;
    for (const auto& column : table.columns())
        if (std::find(wanted.begin(), wanted.end(), schema::info(column.id).key) == wanted.end()) drop.push_back(column.id);
    for (const auto id : drop) table.remove(id);
    return table;
}

// Stores each rendered file (and a PNG's .aux.xml) as files/{id}/{prefix}-{file name}.
nlohmann::json store_images(Context& ctx, const std::string& file_id, const std::vector<outputs::RenderedImage>& images,
                            const std::string& prefix) {
    auto list = nlohmann::json::array();
    for (const auto& image : images) {
        const auto name = prefix + "-" + image.file.filename().string();
        nlohmann::json entry = {{"property", image.property}, {"blob", file_blob_key(file_id, name)}};
        ctx.blobs.put_file(entry["blob"], image.file);
        const auto aux = std::filesystem::path(image.file.string() + ".aux.xml");
        if (std::filesystem::exists(aux)) {
            entry["aux"] = file_blob_key(file_id, name + ".aux.xml");
            ctx.blobs.put_file(entry["aux"], aux);
        }
        if (!image.legend.is_null()) entry["legend"] = image.legend;
        if (!image.extent.is_null()) entry["extent"] = image.extent;
        list.push_back(std::move(entry));
    }
    return list;
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

void collect_keys(const nlohmann::json& value, std::vector<std::string>& out) {
    if (value.is_array()) {
        for (const auto& item : value) collect_keys(item, out);
    } else if (value.is_object()) {
        for (const auto& [member, item] : value.items()) {
            if ((member == "blob" || member == "aux") && item.is_string()) out.push_back(item.get<std::string>());
            else collect_keys(item, out);
        }
    }
}

} // namespace

nlohmann::json make_filtered_geojson(Context& ctx, const std::string& file_id, const schema::MachineData& standard,
                                     const nlohmann::json& configuration, const std::string& crop,
                                     std::optional<schema::MachineData>& filtered, schema::UnitSystem units) {
    const auto settings = cleaning::cleaning_settings_from_config(configuration);
    const auto result = cleaning::clean_points(standard, settings);
    if (result.kept == 0) throw Error(ErrorCode::invalid_input, cleaning::no_points_passed_message);
    filtered = cleaning::filtered_copy(standard, result);
    const auto key = file_blob_key(file_id, "filtered.geojson");
    std::optional<schema::MachineData> converted;
    const auto& written = schema::in_system(*filtered, units, converted);
    publish(ctx, key, [&](const auto& path) {
        outputs::write_points_geojson(written, {.include_units = false, .crop = crop}, path);
    });
    return {{"blob", key}, {"points", result.kept}, {"report", result.report()}};
}

nlohmann::json make_images(Context& ctx, const std::string& file_id, const schema::MachineData& standard,
                           const schema::MachineData* filtered, const nlohmann::json& configuration, bool geotiffs,
                           const std::string& attribute_key) {
    const auto& map = configuration.at(attribute_key);
    const auto standard_selected = selected_properties(standard, map);
    const auto& v1_points = standard_selected ? *standard_selected : standard.points;
    // Without filtered points, V2 and the GeoTIFFs use the very table v1 does: no second copy.
    const auto filtered_selected = filtered != nullptr ? selected_properties(*filtered, map) : std::nullopt;
    const auto& v2_points = filtered == nullptr ? v1_points : filtered_selected ? *filtered_selected : filtered->points;

    ScratchDir scratch(ctx);
    for (const char* sub : {"images", "imagesV2", "geotiffImages"}) std::filesystem::create_directories(scratch.path() / sub);
    outputs::ImageRequest request{.v1_points = &v1_points, .v2_points = &v2_points, .images_dir = scratch.path() / "images",
                                  .images_v2_dir = scratch.path() / "imagesV2", .geotiff_dir = {}};
    if (geotiffs) request.geotiff_dir = scratch.path() / "geotiffImages";
    const auto rendered = outputs::render_images(request);
    nlohmann::json out;
    out["images"] = store_images(ctx, file_id, rendered.images, "image");
    out["imagesV2"] = store_images(ctx, file_id, rendered.images_v2, "imageV2");
    out["geotiffImages"] = geotiffs ? store_images(ctx, file_id, rendered.geotiffs, "geotiff") : nlohmann::json::array();
    return out;
}

nlohmann::json make_zipped_pngs(Context& ctx, const std::string& file_id, const nlohmann::json& images) {
    std::vector<std::string> keys;
    collect_keys(images.value("images", nlohmann::json::array()), keys);
    collect_keys(images.value("imagesV2", nlohmann::json::array()), keys);
    if (keys.empty()) throw Error(ErrorCode::invalid_input, "no property has values to draw");
    const auto key = file_blob_key(file_id, "images.zip");
    publish(ctx, key, [&](const std::filesystem::path& path) {
        int code = 0;
        std::unique_ptr<zip_t, ZipCloser> zip(zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
        if (!zip) throw Error(ErrorCode::internal, fmt::format("zippedPNGs: cannot create the zip (libzip {})", code));
        for (const auto& blob : keys) {
            const auto name = blob.substr(blob.rfind('/') + 1);
            const bool v2 = name.starts_with("imageV2-");
            add_to_zip(zip.get(), ctx.blobs.local_path(blob), (v2 ? "imagesV2/" : "images/") + name.substr(name.find('-') + 1));
        }
        if (zip_close(zip.get()) != 0)
            throw Error(ErrorCode::internal, fmt::format("zippedPNGs: cannot write the zip: {}", zip_strerror(zip.get())));
        static_cast<void>(zip.release()); // closed: nothing left to discard
    });
    return {{"blob", key}};
}

std::vector<std::string> artifact_blob_keys(const nlohmann::json& artifacts) {
    std::vector<std::string> out;
    collect_keys(artifacts, out);
    return out;
}

} // namespace furrow::pipeline
