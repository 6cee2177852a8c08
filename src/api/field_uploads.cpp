// Boundary upload: /services/uploadservice/api/upload (Leaf's "Upload Field Boundary Endpoints").
// A zip of shapefile, GeoJSON or KML/KMZ boundaries becomes fields of one leaf user, in the
// upload_fields job (pipeline/field_upload/); the routes here take the zip and show the outcome.
#include "api/blob_download.hpp"
#include "api/farm_requests.hpp"
#include "api/paging.hpp"
#include "api/routes.hpp"
#include "api/upload_spool.hpp"
#include "api/text_limits.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "pipeline/context.hpp"

#include <fmt/format.h>

#include <array>
#include <filesystem>

namespace furrow::api {
namespace {

constexpr std::string_view base = "/services/uploadservice/api/upload";

constexpr std::array<std::string_view, 3> upload_statuses = {"RECEIVED", "PROCESSED", "FAILED"};

constexpr FilterSpec upload_filters[] = {
    {"leafUserId", "leaf_user_id", store::Op::eq, ParamType::uuid},
    {"status", "status", store::Op::eq, ParamType::enumeration, upload_statuses},
};

const std::map<std::string_view, std::string_view>& upload_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"},         {"leafUserId", "leaf_user_id"}, {"fileName", "file_name"},
        {"status", "status"}, {"createdTime", "created_time"}, {"processedTime", "processed_time"}};
    return columns;
}

std::string original_file_url(const Request& req, const std::string& upload_id) {
    return fmt::format("{}{}/{}/originalFile", req.base_url, base, upload_id);
}

// Leaf's upload object; statusDetails (why it FAILED) and processedTime are furrow's additions.
nlohmann::json upload_json(const Request& req, const store::BoundaryUpload& u) {
    nlohmann::json out = {{"id", u.id},
                          {"leafUserId", u.leaf_user_id},
                          {"originalFileUrl", original_file_url(req, u.id)},
                          {"fileName", u.file_name},
                          {"status", u.status},
                          {"createdTime", format_iso8601(u.created_time)}};
    if (u.farm_id) out["farmId"] = *u.farm_id;
    if (u.processed_time) out["processedTime"] = format_iso8601(*u.processed_time);
    if (u.status == store::upload_failed && !u.status_details.empty()) out["statusDetails"] = u.status_details;
    return out;
}

nlohmann::json entry_json(const Request& req, const store::BoundaryUploadEntry& e) {
    nlohmann::json out = {{"id", e.id},
                          {"fieldId", e.field_ids},
                          {"converterFormat", e.converter_format},
                          {"originalFileUrl", original_file_url(req, e.upload_id)},
                          {"fileName", e.file_name},
                          {"leafUserId", e.leaf_user_id},
                          {"uploadId", e.upload_id},
                          {"status", e.status},
                          {"createFieldErrorDetails", e.errors},
                          {"createdTime", format_iso8601(e.created_time)}};
    if (e.processed_time) out["processedTime"] = format_iso8601(*e.processed_time);
    return out;
}

std::vector<std::pair<std::string, std::string>> upload_params(const Request& req) {
    auto params = req.query;
    for (const auto& [key, value] : req.form) params.emplace_back(key, value);
    return params;
}

struct UploadTarget {
    std::string leaf_user_id;
    std::optional<std::int64_t> farm_id;
};

// leafUserId (required, the caller's) and farmId (optional, a farm of that user), from the query
// string or, like the batch upload, multipart form fields.
UploadTarget check_upload_target(ApiContext& ctx, const Request& req) {
    const auto all = upload_params(req);
    const QueryParams params(all);
    const auto user = params.uuid("leafUserId");
    if (!user) throw Error(ErrorCode::invalid_input, "leafUserId", "leafUserId: required");
    auto db = ctx.repo.connect();
    if (!db->find_user(req.caller.owner_id, *user))
        throw Error(ErrorCode::invalid_input, "leafUserId", fmt::format("leafUserId: no Leaf user {}", *user));
    UploadTarget target{*user, params.integer("farmId", INT64_MIN, INT64_MAX)};
    if (target.farm_id) farm_requests::check_farm_link(*db, req.caller.owner_id, *user, *target.farm_id, "farmId");
    return target;
}

Response upload(ApiContext& ctx, Request& req) {
    try {
        const auto target = check_upload_target(ctx, req);
        const auto& file = required_upload(req);
        store::BoundaryUpload u;
        u.id = new_uuid();
        u.owner_id = req.caller.owner_id;
        u.leaf_user_id = target.leaf_user_id;
        u.farm_id = target.farm_id;
        u.file_name = upload_file_name(file);
        limits::check_length("fileName", u.file_name, limits::file_name);
        u.blob_key = pipeline::field_upload_blob_key(u.id);
        u.created_time = now_ms();
        // Blob first, then the row and its job in one transaction (as a batch upload).
        ctx.blobs.put_file(u.blob_key, file.path);
        auto db = ctx.repo.connect();
        db->transaction([&] {
            db->insert_boundary_upload(u);
            db->enqueue({pipeline::job_upload_fields, u.id, 0});
        });
        if (ctx.wake_workers) ctx.wake_workers();
        log::info("boundary upload {}: received {} for user {}", u.id, u.file_name, u.leaf_user_id);
        return Response::json(200, upload_json(req, u));
    } catch (...) {
        discard_upload(req);
        throw;
    }
}

store::BoundaryUpload owned_upload(store::Session& db, const Request& req) {
    const auto id = require_uuid("id", req.path_param("id"));
    auto u = db.find_boundary_upload(req.caller.owner_id, id);
    if (!u) throw Error(ErrorCode::not_found, fmt::format("no upload {}", id));
    return *u;
}

Response list_uploads(ApiContext& ctx, Request& req) {
    const auto query = list_query(QueryParams(req.query), upload_filters, upload_sort_columns());
    const auto page = ctx.repo.connect()->list_boundary_uploads(req.caller.owner_id, query);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& u : page.items) items.push_back(upload_json(req, u));
    auto r = Response::json(200, items);
    add_paging_headers(r, req, query, page.total);
    return r;
}

} // namespace

void add_field_upload_routes(Router& router, ApiContext& ctx) {
    RouteOptions upload_options;
    upload_options.accepts_upload = true;
    upload_options.precheck = [&ctx](Request& req) {
        // Form fields arrive with the body; only check here what the query string already says.
        if (QueryParams(req.query).text("leafUserId")) check_upload_target(ctx, req);
    };
    router.add("POST", std::string(base), [&ctx](Request& req) { return upload(ctx, req); }, upload_options);
    router.add("GET", std::string(base), [&ctx](Request& req) { return list_uploads(ctx, req); });
    router.add("GET", std::string(base) + "/{id}", [&ctx](Request& req) {
        return Response::json(200, upload_json(req, owned_upload(*ctx.repo.connect(), req)));
    });
    router.add("GET", std::string(base) + "/{id}/entries", [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto u = owned_upload(*db, req);
        nlohmann::json items = nlohmann::json::array();
        for (const auto& e : db->boundary_upload_entries(u.owner_id, u.id)) items.push_back(entry_json(req, e));
        return Response::json(200, items);
    });
    router.add("GET", std::string(base) + "/{id}/originalFile", [&ctx](Request& req) {
        const auto u = owned_upload(*ctx.repo.connect(), req);
        return blob_download(ctx, u.blob_key, "application/zip", u.file_name);
    });
}

} // namespace furrow::api
