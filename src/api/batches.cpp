// Batch upload: /services/operations/api/batch (files-v3.md "Batch upload").
#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "api/text_limits.hpp"
#include "api/json_views.hpp"
#include "api/paging.hpp"
#include "api/providers.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "api/upload_spool.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/local_time.hpp"
#include "core/log.hpp"
#include "formats/registry.hpp"
#include "pipeline/context.hpp"

#include <fmt/format.h>

#include <array>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/operations/api/batch";


constexpr FilterSpec batch_filters[] = {
    {"leafUserId", "leaf_user_id", store::Op::eq, ParamType::uuid},
    {"status", "status", store::Op::eq, ParamType::enumeration, store::batch_status_names},
    {"uploadStartTime", "upload_time", store::Op::ge, ParamType::time},
    {"uploadEndTime", "upload_time", store::Op::le, ParamType::time},
    {"processStartTime", "processed_time", store::Op::ge, ParamType::time},
    {"processEndTime", "processed_time", store::Op::le, ParamType::time},
};

const std::map<std::string_view, std::string_view>& batch_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"},     {"leafUserId", "leaf_user_id"}, {"fileName", "file_name"}, {"size", "size"},
        {"provider", "provider"}, {"status", "status"},   {"uploadTimestamp", "upload_time"},
        {"processedTimestamp", "processed_time"}};
    return columns;
}

// Upload parameters come from the query string (the docs and clients) or, as in Leaf's newer
// curl example, from multipart form fields; the query wins.
std::vector<std::pair<std::string, std::string>> upload_params(const Request& req) {
    auto params = req.query;
    for (const auto& [key, value] : req.form) params.emplace_back(key, value);
    return params;
}

struct UploadTarget {
    std::string leaf_user_id;
    std::string provider;
    std::string file_format;
    std::string time_zone;
};

UploadTarget check_upload_target(ApiContext& ctx, const Request& req) {
    const auto all = upload_params(req);
    const QueryParams params(all);
    UploadTarget target;
    const auto user = params.uuid("leafUserId");
    if (!user) throw Error(ErrorCode::invalid_input, "leafUserId", "leafUserId: required");
    if (!ctx.repo.connect()->find_user(req.caller.owner_id, *user))
        throw Error(ErrorCode::invalid_input, "leafUserId", fmt::format("leafUserId: no Leaf user {}", *user));
    target.leaf_user_id = *user;
    const auto provider = params.one_of("provider", providers, true);
    if (!provider) throw Error(ErrorCode::invalid_input, "provider", "provider: required");
    target.provider = *provider;
    if (const auto hint = params.text("fileFormat")) {
        if (!formats::is_known_file_format(*hint))
            throw Error(ErrorCode::invalid_input, "fileFormat", fmt::format("fileFormat: unknown format '{}'", hint->substr(0, 100)));
        target.file_format = *hint;
    }
    // The zone of the upload's times that carry none (a CSV's local times); wins over the leaf user's
    // timeZone configuration (docs/FORMATS.md "Times").
    if (const auto zone = params.text("timeZone")) {
        if (!is_time_zone(*zone))
            throw Error(ErrorCode::invalid_input, "timeZone",
                        fmt::format("timeZone: '{}' is not an IANA time zone", zone->substr(0, 100)));
        target.time_zone = *zone;
    }
    return target;
}

Response upload(ApiContext& ctx, Request& req) {
    try {
        const auto target = check_upload_target(ctx, req);
        const auto& file = required_upload(req);
        store::Batch batch;
        batch.id = new_uuid();
        batch.owner_id = req.caller.owner_id;
        batch.leaf_user_id = target.leaf_user_id;
        batch.file_name = upload_file_name(file);
        limits::check_length("fileName", batch.file_name, limits::file_name);
        batch.size = static_cast<std::int64_t>(file.size);
        batch.provider = target.provider;
        batch.file_format_hint = target.file_format;
        batch.time_zone = target.time_zone;
        batch.blob_key = pipeline::upload_blob_key(batch.id);
        batch.upload_time = now_ms();
        // Blob first, then the row + job in one transaction: a crash in between leaves at worst an
        // orphan blob, never a batch without its upload.
        ctx.blobs.put_file(batch.blob_key, file.path);
        auto db = ctx.repo.connect();
        db->transaction([&] {
            db->insert_batch(batch);
            db->enqueue({pipeline::job_unpack_batch, batch.id, 0});
            alerts::record_event(*db, batch.owner_id, alerts::event::batch_received,
                                 {{"batchId", batch.id}, {"leafUserId", batch.leaf_user_id}});
        });
        if (ctx.wake_workers) ctx.wake_workers();
        log::info("batch {}: received {} ({} bytes) for user {}", batch.id, batch.file_name, batch.size,
                  batch.leaf_user_id);
        return Response::json(200, batch_upload_json(batch));
    } catch (...) {
        discard_upload(req);
        throw;
    }
}

store::Batch owned_batch(store::Session& db, const Request& req) {
    const auto id = require_uuid("id", req.path_param("id"));
    auto batch = db.find_batch(req.caller.owner_id, id);
    if (!batch) throw Error(ErrorCode::not_found, fmt::format("no batch {}", id));
    return *batch;
}

// Failed files go back to processing and the unpack job runs again; it re-enqueues exactly the
// files that are processing, so converted files are left as they are.
Response retry(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    store::Batch batch;
    db->transaction([&] {
        batch = owned_batch(*db, req);
        if (batch.status == store::BatchStatus::received)
            throw Error(ErrorCode::conflict, fmt::format("batch {} is still being processed", batch.id));
        for (const auto& f : db->batch_files(batch.id))
            if (f.status == store::FileStatus::failed) db->set_file_status(f.id, store::FileStatus::processing, "");
        db->set_batch_status(batch.id, store::BatchStatus::received, "", std::nullopt);
        db->enqueue({pipeline::job_unpack_batch, batch.id, 0});
        batch.status = store::BatchStatus::received;
    });
    if (ctx.wake_workers) ctx.wake_workers();
    return Response::json(200, batch_upload_json(batch));
}

// {converted, processing, failed: {<step>: {leafFiles, status, message}}} (files-v3.md).
Response batch_status(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto batch = owned_batch(*db, req);
    nlohmann::json converted = nlohmann::json::array(), processing = nlohmann::json::array();
    nlohmann::json failed = nlohmann::json::object();
    for (const auto& f : db->batch_files(batch.id)) {
        if (f.status == store::FileStatus::processed) converted.push_back(f.id);
        if (f.status == store::FileStatus::processing) processing.push_back(f.id);
        if (f.status != store::FileStatus::failed) continue;
        std::string step = "originalFile", message = f.status_message;
        for (const auto& s : db->steps(f.id))
            if (s.status == store::StepStatus::failed) {
                step = s.step;
                message = s.message;
                break;
            }
        auto& group = failed[step];
        if (group.is_null()) group = {{"leafFiles", nlohmann::json::array()}, {"status", store::to_string(store::StepStatus::failed)}, {"message", message}};
        group["leafFiles"].push_back(f.id);
    }
    return Response::json(200, {{"converted", {{"leafFiles", converted}}},
                                {"processing", {{"leafFiles", processing}}},
                                {"failed", failed}});
}

} // namespace

void add_batch_routes(Router& router, ApiContext& ctx) {
    RouteOptions upload_options;
    upload_options.accepts_upload = true;
    upload_options.precheck = [&ctx](Request& req) {
        // Form fields arrive with the body; only check here what the query string already says.
        if (QueryParams(req.query).text("leafUserId") && QueryParams(req.query).text("provider"))
            check_upload_target(ctx, req);
    };
    router.add("POST", base, [&ctx](Request& req) { return upload(ctx, req); }, upload_options);
    router.add("GET", base, [&ctx](Request& req) {
        const QueryParams params(req.query);
        const auto query = list_query(params, batch_filters, batch_sort_columns());
        const auto page = ctx.repo.connect()->list_batches(req.caller.owner_id, query);
        nlohmann::json items = nlohmann::json::array();
        for (const auto& b : page.items) items.push_back(batch_json(b));
        auto r = Response::json(200, items);
        add_paging_headers(r, req, query, page.total);
        return r;
    });
    router.add("GET", std::string(base) + "/{id}", [&ctx](Request& req) {
        return Response::json(200, batch_json(owned_batch(*ctx.repo.connect(), req)));
    });
    router.add("PUT", std::string(base) + "/{id}/retry", [&ctx](Request& req) { return retry(ctx, req); });
    router.add("GET", std::string(base) + "/{id}/status", [&ctx](Request& req) { return batch_status(ctx, req); });
}

} // namespace furrow::api
