// The outputs a configuration adds to a machine file (docs/OUTPUTS.md): filteredGeojson, images,
// imagesV2, geotiffImages, the GeoParquet files, and the route that serves each stored output.
#include "api/blob_download.hpp"
#include "api/file_lookup.hpp"
#include "api/file_outputs.hpp"
#include "api/file_points.hpp"
#include "api/links.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/derived_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/operations/api/files";

// The artifact `name` of the file, or a problem saying why there is none: still processing, the
// configuration key that makes it is off (409), or its step failed or was skipped (404).
const nlohmann::json& require_output(store::Session& db, const store::MachineFile& f, const std::string& name,
                                     const std::vector<const char*>& config_keys, const char* step) {
    if (const auto it = f.artifacts.find(name); it != f.artifacts.end()) return *it;
    if (f.status == store::FileStatus::processing)
        throw Error(ErrorCode::not_found, fmt::format("machine file {} is still processing", f.id));
    const auto config = pipeline::effective_configuration(db, f.owner_id, f.leaf_user_id);
    for (const char* config_key : config_keys)
        if (config.at(config_key) == false)
            throw Error(ErrorCode::conflict,
                        fmt::format("{} is not made: the configuration {} is off for this file's leaf user "
                                    "(PATCH /services/config/api/configs to turn it on, then upload the file again)",
                                    name, config_key));
    const char* config_key = config_keys.back();
    for (const auto& s : db.steps(f.id))
        if (s.step == step && s.status != store::StepStatus::processed)
            throw Error(ErrorCode::not_found, fmt::format("machine file {} has no {}: {} {} ({})", f.id, name, step,
                                                          store::to_string(s.status), s.message));
    throw Error(ErrorCode::not_found,
                fmt::format("machine file {} has no {}: it was processed before {} was turned on", f.id, name, config_key));
}

// {output: plain link, download<Output>: signed link} for a single-blob output; operations answer
// only the download link for GeoParquet (operations-v2.md).
Response link_pair(const ApiContext& ctx, const Request& req, const store::MachineFile& f, const nlohmann::json& output,
                   const std::string& name, bool download_only) {
    nlohmann::json out = nlohmann::json::object();
    Links(ctx, req).add_file_pair(out, name, f.id, stored_output_path(output.at("blob").get<std::string>()));
    if (download_only) out.erase(name);
    return Response::json(200, out);
}

enum class ImageKind { v1, v2, geotiff };

std::vector<const char*> image_config_keys(ImageKind kind) {
    if (kind == ImageKind::geotiff) return {"operationsImageCreation", "operationsImageAsGeoTiff"};
    return {"operationsImageCreation"};
}

// Whether the file's configuration makes no images of this kind. Leaf then answers an empty list
// (its images routes list what was made; clients iterate over the answer), so furrow does too
// instead of an error a Leaf client has no code for (docs/API.md, "Images turned off").
bool images_turned_off(store::Session& db, const store::MachineFile& f, ImageKind kind) {
    const auto config = pipeline::effective_configuration(db, f.owner_id, f.leaf_user_id);
    const auto keys = image_config_keys(kind);
    return std::any_of(keys.begin(), keys.end(), [&](const char* key) { return config.at(key) == false; });
}

Response image_list(ApiContext& ctx, Request& req, const OutputSource& source, const char* name, ImageKind kind) {
    auto db = ctx.repo.connect();
    const auto f = source.resolve(*db, req);
    if (!f.artifacts.contains(name) && f.status != store::FileStatus::processing && images_turned_off(*db, f, kind))
        return Response::json(200, nlohmann::json::array());
    const auto& images = require_output(*db, f, name, image_config_keys(kind), "propertiesPNGs");
    const Links links(ctx, req);
    auto out = nlohmann::json::array();
    for (const auto& image : images) {
        const auto path = stored_output_path(image.at("blob").get<std::string>());
        nlohmann::json entry = {{"property", image.at("property")}};
        if (kind == ImageKind::v1) entry["ramp"] = image.value("legend", nlohmann::json::object());
        if (kind == ImageKind::v2) {
            entry["legend"] = image.value("legend", nlohmann::json::object());
            entry["extent"] = image.value("extent", nlohmann::json::object());
        }
        entry["url"] = links.file_output(f.id, path);
        entry["downloadUrl"] = links.signed_file_output(f.id, path);
        out.push_back(std::move(entry));
    }
    return Response::json(200, out);
}

const char* media_type_of(const std::string& name) {
    const std::pair<const char*, const char*> types[] = {
        {".geojson", "application/geo+json"}, {".png", "image/png"},     {".aux.xml", "application/xml"},
        {".tif", "image/tiff"},               {".zip", "application/zip"}, {".parquet", "application/vnd.apache.parquet"},
    };
    for (const auto& [suffix, type] : types)
        if (name.ends_with(suffix)) return type;
    return "application/octet-stream";
}

// Any stored output of the file, by the name its links carry.
Response download_output(ApiContext& ctx, Request& req) {
    const auto f = owned_file(*ctx.repo.connect(), req);
    const auto& name = req.path_param("name");
    const auto key = pipeline::file_blob_key(f.id, name);
    auto keys = pipeline::artifact_blob_keys(f.artifacts);
    if (const auto match = ctx.repo.connect()->find_file_match(f.id); match && !match->outside_blob_key.empty())
        keys.push_back(match->outside_blob_key);
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
        throw Error(ErrorCode::not_found, fmt::format("machine file {} has no output named '{}'", f.id, name));
    return blob_download(ctx, key, media_type_of(name), fmt::format("{}-{}", f.id, name));
}

// Every stored output of the file (what /downloads/{name} serves), so clients such as the web console
// list the outputs without knowing their names: [{name, mediaType, url, downloadUrl}], in name order.
Response list_outputs(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto f = owned_file(*db, req);
    auto keys = pipeline::artifact_blob_keys(f.artifacts);
    if (const auto match = db->find_file_match(f.id); match && !match->outside_blob_key.empty())
        keys.push_back(match->outside_blob_key);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const Links links(ctx, req);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& key : keys) {
        const auto path = stored_output_path(key);
        const auto name = path.substr(path.find('/') + 1);
        out.push_back({{"name", name},
                       {"mediaType", media_type_of(name)},
                       {"url", links.file_output(f.id, path)},
                       {"downloadUrl", links.signed_file_output(f.id, path)}});
    }
    return Response::json(200, out);
}

} // namespace

void add_output_routes(Router& router, ApiContext& ctx, const OutputSource& source) {
    const std::string item = source.item_path;
    // Single-blob outputs: name, the configuration keys that make it, the status step that does.
    struct LinkedOutput {
        const char* name;
        const std::vector<const char*>& config_keys;
        const char* step;
    };
    static const LinkedOutput linked[] = {
        {"filteredGeojson", {"operationsFilteredGeojson"}, "filteredGeojson"},
        {"standardGeoparquet", {"enableGeoparquetOutput"}, "standardGeojson"},
        {"filteredGeoparquet", {"enableGeoparquetOutput", "operationsFilteredGeojson"}, "filteredGeojson"},
        {"polygonGeoparquet", {"enableGeoparquetOutput", "enablePolygonOutput"}, "standardGeojson"},
    };
    for (const auto& output : linked) {
        if (source.operation && std::string_view(output.name) == "polygonGeoparquet") continue; // files only
        router.add("GET", item + "/" + output.name, [&ctx, &output, source](Request& req) {
            auto db = ctx.repo.connect();
            const auto f = source.resolve(*db, req);
            const bool download_only = source.operation && std::string_view(output.name).ends_with("Geoparquet");
            return link_pair(ctx, req, f, require_output(*db, f, output.name, output.config_keys, output.step),
                             output.name, download_only);
        });
    }
    router.add("GET", item + "/images",
               [&ctx, source](Request& req) { return image_list(ctx, req, source, "images", ImageKind::v1); });
    router.add("GET", item + "/imagesV2",
               [&ctx, source](Request& req) { return image_list(ctx, req, source, "imagesV2", ImageKind::v2); });
    router.add("GET", item + "/geotiffImages", [&ctx, source](Request& req) {
        return image_list(ctx, req, source, "geotiffImages", ImageKind::geotiff);
    });
    add_point_routes(router, ctx, source);
}

void add_file_output_routes(Router& router, ApiContext& ctx) {
    add_output_routes(router, ctx, OutputSource{std::string(base) + "/{id}", owned_file, false});
    router.add("GET", std::string(base) + "/{id}/outputs", [&ctx](Request& req) { return list_outputs(ctx, req); });
    router.add("GET", std::string(base) + "/{id}/downloads/{name}",
               [&ctx](Request& req) { return download_output(ctx, req); }, download_route());
}

} // namespace furrow::api
