// The operations of a field, Leaf's fields-service view of machine data:
//   GET /services/fields/api/users/{leafUserId}/fields/{fieldId}/operations[/files][?origin=]
//   GET /services/fields/api/users/{leafUserId}/fields/{fieldId}/operations[/files]/{fileId}
// Leaf's fields service calls the machine files of a field "operations" (contract-facts §2 lists the
// .../operations/files path, the Leaf docs the shorter one; both answer): the file objects
// (contract-facts §3) of the files the field's field operations hold, oldest operation first, with
// the same `fields` links as GET /files; `origin` (PROVIDER, MERGED, AUTOMERGED, UPLOADED) filters.
#include "api/field_requests.hpp"
#include "api/json_views.hpp"
#include "api/links.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "pipeline/operations/field_links.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace furrow::api {
namespace {

using namespace field_requests;

// The field's files that still exist, in field_file_ids' order.
std::vector<store::MachineFile> field_files(store::Session& db, const std::string& owner_id, const store::Field& field) {
    std::vector<store::MachineFile> out;
    for (const auto& id : pipeline::operations::field_file_ids(db, owner_id, field.id))
        if (auto f = db.find_file(owner_id, id)) out.push_back(std::move(*f));
    return out;
}

Response list_field_files(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto field = owned_field(*db, req, owned_user(*db, req));
    auto files = field_files(*db, req.caller.owner_id, field);
    const QueryParams params(req.query);
    if (const auto origin = params.one_of("origin", store::file_origin_names, true))
        std::erase_if(files, [&](const store::MachineFile& f) { return store::to_string(f.origin) != *origin; });
    const auto linked = pipeline::operations::linked_fields_of(*db, files);
    const Links links(ctx, req);
    auto out = nlohmann::json::array();
    for (std::size_t k = 0; k < files.size(); ++k) out.push_back(file_json(files[k], req.caller.username, links, linked[k]));
    return Response::json(200, out);
}

Response one_field_file(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto field = owned_field(*db, req, owned_user(*db, req));
    const auto& file_id = req.path_param("fileId");
    const auto ids = pipeline::operations::field_file_ids(*db, req.caller.owner_id, field.id);
    const auto file = std::find(ids.begin(), ids.end(), file_id) != ids.end() ? db->find_file(req.caller.owner_id, file_id)
                                                                              : std::nullopt;
    if (!file) throw Error(ErrorCode::not_found, fmt::format("field {} has no operation file {}", field.id, file_id));
    return Response::json(200, file_json(*file, req.caller.username, Links(ctx, req),
                                         pipeline::operations::linked_fields_of(*db, *file)));
}

} // namespace

void add_field_operation_routes(Router& router, ApiContext& ctx) {
    const std::string operations = std::string(base) + "/users/{leafUserId}/fields/{fieldId}/operations";
    const std::string operation_files = operations + "/files";
    router.add("GET", operations, [&ctx](Request& req) { return list_field_files(ctx, req); });
    router.add("GET", operations + "/{fileId}", [&ctx](Request& req) { return one_field_file(ctx, req); });
    router.add("GET", operation_files, [&ctx](Request& req) { return list_field_files(ctx, req); });
    router.add("GET", operation_files + "/{fileId}", [&ctx](Request& req) { return one_field_file(ctx, req); });
}

} // namespace furrow::api
