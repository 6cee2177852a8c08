// Machine files: /services/operations/api/files (files-v3.md "Machine files").
#include "api/blob_download.hpp"
#include "api/file_lookup.hpp"
#include "api/json_views.hpp"
#include "api/paging.hpp"
#include "api/summary_answer.hpp"
#include "api/providers.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "pipeline/catalogue.hpp"
#include "pipeline/operations/field_links.hpp"

#include <fmt/format.h>

#include <array>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/operations/api/files";

// Every filter of files-v3.md. startTime/endTime bound the operation's time span;
// operationStartTime/operationEndTime are their documented aliases.
constexpr FilterSpec file_filters[] = {
    {"leafUserId", "leaf_user_id", store::Op::eq, ParamType::uuid},
    {"provider", "provider", store::Op::eq, ParamType::enumeration, providers},
    {"status", "status", store::Op::eq, ParamType::enumeration, store::file_status_names},
    {"origin", "origin", store::Op::eq, ParamType::enumeration, store::file_origin_names},
    {"organizationId", "organization_id", store::Op::eq, ParamType::text},
    {"batchId", "batch_id", store::Op::eq, ParamType::uuid},
    {"fileId", "id", store::Op::eq, ParamType::uuid},
    {"fileFormat", "file_format", store::Op::eq, ParamType::text},
    {"createdTime", "created_time", store::Op::ge, ParamType::time},
    {"startTime", "start_time", store::Op::ge, ParamType::time},
    {"operationStartTime", "start_time", store::Op::ge, ParamType::time},
    {"updatedTime", "updated_time", store::Op::ge, ParamType::time},
    {"endTime", "end_time", store::Op::le, ParamType::time},
    {"operationEndTime", "end_time", store::Op::le, ParamType::time},
    {"operationType", "operation_type", store::Op::eq, ParamType::enumeration, schema::operation_type_names},
    {"minArea", "area_m2", store::Op::ge, ParamType::number},
    {"providerFileId", "provider_file_id", store::Op::eq, ParamType::text},
    {"standard", "has_standard", store::Op::eq, ParamType::boolean},
};

const std::map<std::string_view, std::string_view>& file_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"},
        {"fileName", "file_name"},
        {"createdTime", "created_time"},
        {"updatedTime", "updated_time"},
        {"origin", "origin"},
        {"leafUserId", "leaf_user_id"},
        {"sizeInBytes", "size_in_bytes"},
        {"provider", "provider"},
        {"organizationId", "organization_id"},
        {"fileFormat", "file_format"},
    };
    return columns;
}

Response list_files(ApiContext& ctx, Request& req) {
    const QueryParams params(req.query);
    const auto query = list_query(params, file_filters, file_sort_columns());
    auto db = ctx.repo.connect();
    const auto page = db->list_files(req.caller.owner_id, query);
    nlohmann::json items = nlohmann::json::array();
    const Links links(ctx, req);
    const auto fields = pipeline::operations::linked_fields_of(*db, page.items);
    for (std::size_t k = 0; k < page.items.size(); ++k)
        items.push_back(file_json(page.items[k], req.caller.username, links, fields[k]));
    auto r = Response::json(200, items);
    add_paging_headers(r, req, query, page.total);
    return r;
}

Response file_status(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto file = owned_file(*db, req);
    // In pipeline order, as the seeds list the steps (steps() is ordered by position).
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& step : db->steps(file.id)) out[step.step] = {{"status", store::to_string(step.status)}, {"message", step.message}};
    Response r;
    r.body = out.dump();
    return r;
}

// A file_record output of the catalogue (originalFile, rawGeojson, standardGeojson): the download itself.
Response download(ApiContext& ctx, Request& req, const pipeline::OutputInfo& what) {
    auto db = ctx.repo.connect();
    const auto file = owned_file(*db, req);
    const std::string& key = pipeline::record_blob_key(file, what.record);
    if (key.empty()) throw Error(ErrorCode::not_found, fmt::format("machine file {} has no {}", file.id, what.name));
    return blob_download(ctx, key, std::string(what.media_type), file.id + std::string(what.download_suffix));
}

// A stored JSON document of the file (summary, units), 404 until the pipeline made it.
Response stored_json(ApiContext& ctx, Request& req, std::string store::MachineFile::*field, const char* name) {
    const auto file = owned_file(*ctx.repo.connect(), req);
    if ((file.*field).empty())
        throw Error(ErrorCode::not_found, fmt::format("machine file {} has no {} ({})", file.id, name,
                                                      file.status == store::FileStatus::failed ? "processing failed" : "not ready yet"));
    Response r;
    r.body = file.*field;
    return r;
}

} // namespace

void add_file_routes(Router& router, ApiContext& ctx) {
    router.add("GET", base, [&ctx](Request& req) { return list_files(ctx, req); });
    router.add("GET", std::string(base) + "/{id}", [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto f = owned_file(*db, req);
        return Response::json(200, file_json(f, req.caller.username, Links(ctx, req),
                                             pipeline::operations::linked_fields_of(*db, f)));
    });
    router.add("GET", std::string(base) + "/{id}/status", [&ctx](Request& req) { return file_status(ctx, req); });
    for (const auto& what : catalogue_of(ctx).outputs) {
        if (what.answer != pipeline::OutputAnswer::file_record) continue;
        router.add("GET", std::string(base) + "/{id}/" + std::string(what.name),
                   [&ctx, &what](Request& req) { return download(ctx, req, what); }, download_route());
    }
    router.add("GET", std::string(base) + "/{id}/summary", [&ctx](Request& req) {
        const auto file = owned_file(*ctx.repo.connect(), req);
        return summary_answer(ctx, req, file, "machine file " + file.id);
    });
    router.add("GET", std::string(base) + "/{id}/units",
               [&ctx](Request& req) { return stored_json(ctx, req, &store::MachineFile::units, "units"); });
}

} // namespace furrow::api
