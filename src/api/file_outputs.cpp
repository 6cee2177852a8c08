// The routes of a machine file's outputs (docs/OUTPUTS.md), one per entry of the output catalogue
// (pipeline/catalogue.cpp) that answers with links or an image list, and the routes that list and
// serve every stored output.
#include "api/blob_download.hpp"
#include "api/file_lookup.hpp"
#include "api/file_outputs.hpp"
#include "api/file_points.hpp"
#include "api/links.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "pipeline/catalogue.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/derived_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/operations/api/files";

// The artifact of `output` of the file, or a problem saying why there is none: still processing,
// a configuration key that makes it is off (409), or its step failed or was skipped (404).
const nlohmann::json& require_output(const ApiContext& ctx, store::Session& db, const store::MachineFile& f,
                                     const pipeline::OutputInfo& output) {
    const std::string name(output.name);
    if (const auto it = f.artifacts.find(name); it != f.artifacts.end()) return *it;
    if (f.status == store::FileStatus::processing)
        throw Error(ErrorCode::not_found, fmt::format("machine file {} is still processing", f.id));
    const auto config = pipeline::effective_configuration(db, f.owner_id, f.leaf_user_id);
    if (const auto off = pipeline::output_disabled_by(output, config); !off.empty())
        throw Error(ErrorCode::conflict,
                    fmt::format("{} is not made: the configuration {} is off for this file's leaf user "
                                "(PATCH /services/config/api/configs to turn it on, then upload the file again)",
                                name, off));
    if (output.step) {
        const auto step = catalogue_of(ctx).step(*output.step).name;
        for (const auto& s : db.steps(f.id))
            if (s.step == step && s.status != store::StepStatus::processed)
                throw Error(ErrorCode::not_found, fmt::format("machine file {} has no {}: {} {} ({})", f.id, name, step,
                                                              store::to_string(s.status), s.message));
    }
    std::string_view last_key;
    for (const auto key : output.enabled_by)
        if (!key.empty()) last_key = key;
    throw Error(ErrorCode::not_found,
                fmt::format("machine file {} has no {}: it was processed before {} was turned on", f.id, name, last_key));
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

// Whether the file's configuration makes no images of this kind. Leaf then answers an empty list
// (its images routes list what was made; clients iterate over the answer), so furrow does too
// instead of an error a Leaf client has no code for (docs/API.md, "Images turned off").
bool images_turned_off(store::Session& db, const store::MachineFile& f, const pipeline::OutputInfo& output) {
    return !pipeline::output_enabled(output, pipeline::effective_configuration(db, f.owner_id, f.leaf_user_id));
}

Response image_list(ApiContext& ctx, Request& req, const OutputSource& source, const pipeline::OutputInfo& output) {
    auto db = ctx.repo.connect();
    const auto f = source.resolve(*db, req);
    if (!f.artifacts.contains(std::string(output.name)) && f.status != store::FileStatus::processing &&
        images_turned_off(*db, f, output))
        return Response::json(200, nlohmann::json::array());
    const auto& images = require_output(ctx, *db, f, output);
    const Links links(ctx, req);
    auto out = nlohmann::json::array();
    for (const auto& image : images) {
        const auto path = stored_output_path(image.at("blob").get<std::string>());
        auto entry = pipeline::image_entry_fields(output, image);
        entry["url"] = links.file_output(f.id, path);
        entry["downloadUrl"] = links.signed_file_output(f.id, path);
        out.push_back(std::move(entry));
    }
    return Response::json(200, out);
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
    return blob_download(ctx, key, std::string(pipeline::media_type_of_file(catalogue_of(ctx), name)),
                         fmt::format("{}-{}", f.id, name));
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
                       {"mediaType", pipeline::media_type_of_file(catalogue_of(ctx), name)},
                       {"url", links.file_output(f.id, path)},
                       {"downloadUrl", links.signed_file_output(f.id, path)}});
    }
    return Response::json(200, out);
}

} // namespace

void add_output_routes(Router& router, ApiContext& ctx, const OutputSource& source) {
    const std::string item = source.item_path;
    for (const auto& output : catalogue_of(ctx).outputs) {
        if (source.operation && output.files_only) continue;
        const std::string route = item + "/" + std::string(output.name);
        if (output.answer == pipeline::OutputAnswer::link_pair) {
            router.add("GET", route, [&ctx, &output, source](Request& req) {
                auto db = ctx.repo.connect();
                const auto f = source.resolve(*db, req);
                return link_pair(ctx, req, f, require_output(ctx, *db, f, output), std::string(output.name),
                                 source.operation && output.operation_download_only);
            });
        } else if (output.answer == pipeline::OutputAnswer::image_list) {
            router.add("GET", route, [&ctx, &output, source](Request& req) { return image_list(ctx, req, source, output); });
        }
    }
    add_point_routes(router, ctx, source);
}

void add_file_output_routes(Router& router, ApiContext& ctx) {
    add_output_routes(router, ctx, OutputSource{std::string(base) + "/{id}", owned_file, false});
    router.add("GET", std::string(base) + "/{id}/outputs", [&ctx](Request& req) { return list_outputs(ctx, req); });
    router.add("GET", std::string(base) + "/{id}/downloads/{name}",
               [&ctx](Request& req) { return download_output(ctx, req); }, download_route());
}

} // namespace furrow::api
