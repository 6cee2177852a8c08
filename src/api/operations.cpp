// Field operations: /services/operations/api/operations (operations-v2.md). An operation answers
// with the outputs of its result file (store/records.hpp Operation); docs/OPERATIONS.md.
#include "api/file_outputs.hpp"
#include "api/json_views.hpp"
#include "api/links.hpp"
#include "api/paging.hpp"
#include "api/summary_answer.hpp"
#include "api/providers.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/operations/field_links.hpp"
#include "pipeline/operations/reconcile.hpp"
#include "pipeline/sessions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/operations/api/operations";
constexpr const char* sent_message = "Sent operation to be processed.";

constexpr FilterSpec operation_filters[] = {
    {"leafUserId", "leaf_user_id", store::Op::eq, ParamType::uuid},
    {"provider", "providers", store::Op::has_item, ParamType::enumeration, providers},
    {"startTime", "start_time", store::Op::ge, ParamType::time},
    {"updatedTime", "updated_time", store::Op::ge, ParamType::time},
    {"endTime", "end_time", store::Op::le, ParamType::time},
    {"operationType", "type", store::Op::eq, ParamType::enumeration, schema::operation_type_names},
    {"fieldId", "field_ids", store::Op::has_item, ParamType::text},
};

const std::map<std::string_view, std::string_view>& operation_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"},           {"leafUserId", "leaf_user_id"}, {"startTime", "start_time"},
        {"endTime", "end_time"}, {"type", "type"},              {"updatedTime", "updated_time"},
    };
    return columns;
}

store::Operation owned_operation(store::Session& db, const Request& req) {
    const auto id = require_uuid("id", req.path_param("id"));
    auto op = db.find_operation(req.caller.owner_id, id);
    if (!op) throw Error(ErrorCode::not_found, fmt::format("no operation {}", id));
    return *op;
}

store::MachineFile result_file(store::Session& db, const Request& req) {
    const auto op = owned_operation(db, req);
    auto file = db.find_file(req.caller.owner_id, op.result_file_id);
    if (!file) throw Error(ErrorCode::not_found, fmt::format("operation {} has no result yet", op.id));
    return *file;
}

Response list_operations(ApiContext& ctx, Request& req) {
    const QueryParams params(req.query);
    const auto query = list_query(params, operation_filters, operation_sort_columns());
    auto db = ctx.repo.connect();
    const auto page = db->list_operations(req.caller.owner_id, query);
    auto items = nlohmann::json::array();
    for (const auto& op : page.items) items.push_back(operation_json(op, req.caller.username, *db));
    auto r = Response::json(200, items);
    add_paging_headers(r, req, query, page.total);
    return r;
}

// A stored JSON document of the result file (summary, units), 404 until it is made.
Response result_json(ApiContext& ctx, Request& req, std::string store::MachineFile::*member, const char* name) {
    auto db = ctx.repo.connect();
    const auto op = owned_operation(*db, req);
    const auto file = db->find_file(req.caller.owner_id, op.result_file_id);
    if (!file || (*file).*member == "")
        throw Error(ErrorCode::not_found,
                    fmt::format("operation {} has no {} ({})", op.id, name,
                                file && file->status == store::FileStatus::failed ? "processing failed: " + file->status_message
                                                                           : "still processing"));
    Response r;
    r.body = (*file).*member;
    return r;
}

Response standard_geojson(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto file = result_file(*db, req);
    if (file.standard_blob_key.empty())
        throw Error(ErrorCode::not_found, fmt::format("operation {} has no standardGeojson yet ({})",
                                                      req.path_param("id"), store::to_string(file.status)));
    nlohmann::json out = nlohmann::json::object();
    Links(ctx, req).add_file_pair(out, "standardGeojson", file.id, "standardGeojson");
    return Response::json(200, out);
}

Response operation_files(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto op = owned_operation(*db, req);
    const Links links(ctx, req);
    std::vector<store::MachineFile> files;
    for (const auto& id : op.file_ids)
        if (auto f = db->find_file(req.caller.owner_id, id)) files.push_back(std::move(*f));
    const auto fields = pipeline::operations::linked_fields_of(*db, files);
    auto out = nlohmann::json::array();
    for (std::size_t k = 0; k < files.size(); ++k) out.push_back(file_json(files[k], req.caller.username, links, fields[k]));
    return Response::json(200, out);
}

// {machines|implements|operators: [id]}: the asset records its files name, each once.
Response asset_ids(ApiContext& ctx, Request& req, const char* kind, const char* member) {
    auto db = ctx.repo.connect();
    const auto op = owned_operation(*db, req);
    std::vector<std::string> ids;
    for (const auto& file_id : op.file_ids)
        for (auto& id : db->file_asset_ids(file_id, kind))
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    return Response::json(200, {{member, ids}});
}

// The files' sessions merged by machine (pipeline/sessions.hpp); needs enableOperationsSession.
Response sessions(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto op = owned_operation(*db, req);
    const auto config = pipeline::effective_configuration(*db, op.owner_id, op.leaf_user_id);
    std::vector<nlohmann::json> per_file;
    for (const auto& file_id : op.file_ids)
        if (const auto f = db->find_file(op.owner_id, file_id); f && f->artifacts.contains("sessions"))
            per_file.push_back(f->artifacts["sessions"]);
    if (per_file.empty() && config.at("enableOperationsSession") == false)
        throw Error(ErrorCode::conflict, "sessions are not made: the configuration enableOperationsSession is off for "
                                         "this operation's leaf user (turn it on, then upload the files again)");
    return Response::json(200, pipeline::merge_sessions(per_file));
}

Response sent(const store::Operation& op) {
    return Response::json(200, {{"id", op.id}, {"message", sent_message}, {"leafFileId", op.result_file_id}});
}

// POST /operations/cropOperationByField {"id"}: the operation's points inside its fields only.
Response crop_by_field(ApiContext& ctx, Request& req) {
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("id") || !body["id"].is_string())
        throw Error(ErrorCode::invalid_input, "body: expected {\"id\": \"<operation id>\"}");
    const auto id = require_uuid("id", body["id"].get<std::string>());
    auto db = ctx.repo.connect();
    store::Operation op;
    db->transaction([&] {
        auto found = db->find_operation(req.caller.owner_id, id);
        if (!found) throw Error(ErrorCode::not_found, fmt::format("no operation {}", id));
        op = *found;
        if (op.fields.empty())
            throw Error(ErrorCode::invalid_input, fmt::format("operation {} is linked to no field", id));
        op.cropped_by_request = true;
        pipeline::operations::remake_result(*db, op, pipeline::operations::field_crop_of(op));
    });
    return sent(op);
}

Response reprocess(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    store::Operation op;
    db->transaction([&] {
        op = owned_operation(*db, req);
        pipeline::operations::remake_result(*db, op, op.crop_boundaries);
    });
    return sent(op);
}

} // namespace

void add_operation_routes(Router& router, ApiContext& ctx) {
    const std::string item = std::string(base) + "/{id}";
    router.add("GET", base, [&ctx](Request& req) { return list_operations(ctx, req); });
    router.add("GET", item, [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        return Response::json(200, operation_json(owned_operation(*db, req), req.caller.username, *db));
    });
    router.add("GET", item + "/summary", [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto op = owned_operation(*db, req);
        const auto file = db->find_file(req.caller.owner_id, op.result_file_id);
        if (!file) throw Error(ErrorCode::not_found, fmt::format("operation {} has no summary (still processing)", op.id));
        return summary_answer(ctx, req, *file, "operation " + op.id);
    });
    router.add("GET", item + "/units",
               [&ctx](Request& req) { return result_json(ctx, req, &store::MachineFile::units, "units"); });
    router.add("GET", item + "/standardGeojson", [&ctx](Request& req) { return standard_geojson(ctx, req); });
    router.add("GET", item + "/files", [&ctx](Request& req) { return operation_files(ctx, req); });
    router.add("GET", item + "/machines", [&ctx](Request& req) { return asset_ids(ctx, req, "machine", "machines"); });
    router.add("GET", item + "/implements",
               [&ctx](Request& req) { return asset_ids(ctx, req, "implement", "implements"); });
    router.add("GET", item + "/operators", [&ctx](Request& req) { return asset_ids(ctx, req, "operator", "operators"); });
    router.add("GET", item + "/sessions", [&ctx](Request& req) { return sessions(ctx, req); });
    add_output_routes(router, ctx, OutputSource{item, result_file, true});
    router.add("POST", std::string(base) + "/cropOperationByField", [&ctx](Request& req) { return crop_by_field(ctx, req); });
    // The Postman collection's casing.
    router.add("POST", std::string(base) + "/CropOperationByField", [&ctx](Request& req) { return crop_by_field(ctx, req); });
    router.add("POST", item + "/reprocess", [&ctx](Request& req) { return reprocess(ctx, req); });
}

} // namespace furrow::api
