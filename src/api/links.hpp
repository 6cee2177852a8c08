#pragma once
// The URLs furrow puts in its answers. Each stored output has two: the plain link (needs the
// bearer token, like every API call) and the `download*` link, the same URL signed with an
// expiring token scoped to the resource (a file or an operation), so a browser, QGIS or curl
// can fetch it without a header. Links are absolute, built on the request's base URL.
#include "api/http_types.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace furrow::pipeline {
struct Catalogue;
}

namespace furrow::api {

struct ApiContext;

class Links {
public:
    Links(const ApiContext& ctx, const Request& req);

    // base + path, e.g. /services/operations/api/files/{id}/standardGeojson.
    std::string plain(const std::string& path) const;
    // The same URL with ?token= opening everything under `scope` until the link lifetime ends.
    std::string signed_url(const std::string& path, const std::string& scope) const;

    // Shorthands for a file's outputs: scope = the file's path.
    std::string file_output(const std::string& file_id, const std::string& output) const;
    std::string signed_file_output(const std::string& file_id, const std::string& output) const;
    // out[name] = the plain link, out["download" + Name] = the signed one, as Leaf pairs them.
    void add_file_pair(nlohmann::json& out, const std::string& name, const std::string& file_id,
                       const std::string& output) const;
    // The outputs a file can link to.
    const pipeline::Catalogue& catalogue() const;

private:
    const ApiContext& m_ctx;
    const Request& m_req;
};

std::string file_path(const std::string& file_id); // /services/operations/api/files/{id}
// The output path, under a file's path, of one of its stored blobs: downloads/<blob name>.
std::string stored_output_path(const std::string& blob_key);

} // namespace furrow::api
