// What fields make of machine files (files-v3.md): outsideFieldGeojson, uncoveredFiles, and
// POST /files/merge. docs/OPERATIONS.md.
#include "api/file_lookup.hpp"
#include "api/links.hpp"
#include "api/paging.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "pipeline/configuration.hpp"
#include "pipeline/context.hpp"
#include "pipeline/derived_file.hpp"
#include "pipeline/operations/file_matching.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/operations/api/files";

std::string type_name(const std::optional<schema::OperationType>& type) {
    return type ? std::string(schema::to_string(*type)) : std::string("no");
}

void require_outside_configuration(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id) {
    const auto config = pipeline::effective_configuration(db, owner_id, leaf_user_id);
    for (const char* key : {"splitOperationsByField", "enableOutsideFieldGeojson"})
        if (config.at(key) == false)
            throw Error(ErrorCode::conflict,
                        fmt::format("outsideFieldGeojson is not made: the configuration {} is off for this leaf user "
                                    "(both splitOperationsByField and enableOutsideFieldGeojson must be on)",
                                    key));
}

double attach_threshold(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id) {
    return pipeline::settings_of(pipeline::effective_configuration(db, owner_id, leaf_user_id)).fields_attach_intersection;
}

nlohmann::json outside_json(const Links& links, const store::FileMatch& match, double threshold) {
    nlohmann::json out = {{"fields", pipeline::operations::linked_field_ids(match, threshold)},
                          {"featureCount", match.outside_points}};
    links.add_file_pair(out, "outsideFieldGeojson", match.file_id, stored_output_path(match.outside_blob_key));
    return out;
}

Response file_outside(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto f = owned_file(*db, req);
    require_outside_configuration(*db, f.owner_id, f.leaf_user_id);
    const auto match = db->find_file_match(f.id);
    if (!match) throw Error(ErrorCode::not_found, fmt::format("machine file {} is not matched to fields yet", f.id));
    if (match->outside_blob_key.empty())
        throw Error(ErrorCode::not_found,
                    fmt::format("machine file {} has no outsideFieldGeojson: {}", f.id,
                                match->outside_points == 0 ? "every point is inside a field"
                                                           : "it was matched before enableOutsideFieldGeojson was on"));
    return Response::json(200, outside_json(Links(ctx, req), *match, attach_threshold(*db, f.owner_id, f.leaf_user_id)));
}

constexpr FilterSpec outside_filters[] = {{"leafUserId", "leaf_user_id", store::Op::eq, ParamType::uuid}};

Response all_outside(ApiContext& ctx, Request& req) {
    const QueryParams params(req.query);
    static const std::map<std::string_view, std::string_view> sort_columns = {{"id", "id"}, {"leafUserId", "leaf_user_id"}};
    const auto query = list_query(params, outside_filters, sort_columns);
    auto db = ctx.repo.connect();
    const auto page = db->list_outside_matches(req.caller.owner_id, query);
    const Links links(ctx, req);
    auto items = nlohmann::json::array();
    for (const auto& match : page.items) {
        auto item = nlohmann::json{{"id", match.file_id}};
        item.update(outside_json(links, match, attach_threshold(*db, match.owner_id, match.leaf_user_id)));
        items.push_back(std::move(item));
    }
    auto r = Response::json(200, items);
    add_paging_headers(r, req, query, page.total);
    return r;
}

Response uncovered_files(ApiContext& ctx, Request& req) {
    const QueryParams params(req.query);
    const auto leaf_user_id = params.uuid("leafUserId");
    if (!leaf_user_id) throw Error(ErrorCode::invalid_input, "leafUserId is required");
    auto db = ctx.repo.connect();
    if (!db->find_user(req.caller.owner_id, *leaf_user_id))
        throw Error(ErrorCode::not_found, fmt::format("no leaf user {}", *leaf_user_id));
    const double threshold = attach_threshold(*db, req.caller.owner_id, *leaf_user_id);
    auto files = nlohmann::json::array();
    for (const auto& f : db->user_files(req.caller.owner_id, *leaf_user_id)) {
        if (!f.sources.empty() || f.status != store::FileStatus::processed) continue;
        const auto match = db->find_file_match(f.id);
        if (match && pipeline::operations::linked_field_ids(*match, threshold).empty()) files.push_back(f.id);
    }
    return Response::json(200, {{"files", files}});
}

// The ids of a merge request, or 400 saying what is wrong with them.
std::vector<std::string> merge_ids(const std::string& body_text) {
    const auto body = nlohmann::json::parse(body_text, nullptr, false);
    if (!body.is_object() || !body.contains("ids") || !body["ids"].is_array())
        throw Error(ErrorCode::invalid_input, "body: expected {\"ids\": [\"<file id>\", ...]}");
    std::vector<std::string> ids;
    for (const auto& id : body["ids"]) {
        if (!id.is_string()) throw Error(ErrorCode::invalid_input, "ids: every id must be a string");
        const auto text = require_uuid("ids", id.get<std::string>());
        if (std::find(ids.begin(), ids.end(), text) != ids.end())
            throw Error(ErrorCode::invalid_input, fmt::format("ids: {} is listed twice", text));
        ids.push_back(text);
    }
    if (ids.size() < 2) throw Error(ErrorCode::invalid_input, "ids: at least two files are needed to merge");
    return ids;
}

Response merge_files(ApiContext& ctx, Request& req) {
    const auto ids = merge_ids(req.body);
    auto db = ctx.repo.connect();
    std::vector<store::MachineFile> files;
    for (const auto& id : ids) {
        auto f = db->find_file(req.caller.owner_id, id);
        if (!f) throw Error(ErrorCode::not_found, fmt::format("no machine file {}", id));
        files.push_back(std::move(*f));
    }
    for (const auto& f : files) {
        if (f.status != store::FileStatus::processed)
            throw Error(ErrorCode::invalid_input, fmt::format("file {} is {}, not processed", f.id, store::to_string(f.status)));
        if (f.leaf_user_id != files.front().leaf_user_id)
            throw Error(ErrorCode::invalid_input, fmt::format("file {} belongs to leaf user {}, file {} to {}", f.id,
                                                              f.leaf_user_id, files.front().id, files.front().leaf_user_id));
        if (f.operation_type != files.front().operation_type)
            throw Error(ErrorCode::invalid_input,
                        fmt::format("file {} is a {} operation, file {} a {} one", f.id,
                                    type_name(f.operation_type), files.front().id, type_name(files.front().operation_type)));
        if (pipeline::operations::stored_points_key(f).empty())
            throw Error(ErrorCode::invalid_input,
                        fmt::format("file {} was processed by an earlier furrow version: reprocess it first", f.id));
    }
    const auto merged =
        pipeline::derived_file(files.front(), store::FileOrigin::merged, fmt::format("merge of {} files", files.size()), ids, {});
    db->transaction([&] {
        db->insert_file_once(merged);
        db->enqueue({pipeline::job_process_file, merged.id, 0});
    });
    return Response::json(200, {{"id", merged.id}, {"status", "SENT_TO_MERGE"}});
}

} // namespace

void add_file_field_routes(Router& router, ApiContext& ctx) {
    router.add("GET", std::string(base) + "/{id}/outsideFieldGeojson", [&ctx](Request& req) { return file_outside(ctx, req); });
    router.add("GET", std::string(base) + "/outsideFieldGeojson", [&ctx](Request& req) { return all_outside(ctx, req); });
    router.add("GET", std::string(base) + "/uncoveredFiles", [&ctx](Request& req) { return uncovered_files(ctx, req); });
    router.add("POST", std::string(base) + "/merge", [&ctx](Request& req) { return merge_files(ctx, req); });
}

} // namespace furrow::api
