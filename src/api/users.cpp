// Leaf users: /services/usermanagement/api/users (contract-facts.md §2).
#include "api/json_views.hpp"
#include "api/paging.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "api/text_limits.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

#include <array>
#include <fmt/format.h>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/usermanagement/api/users";

struct TextField {
    std::string_view key;
    std::size_t max_bytes;
};
constexpr std::array<TextField, 5> text_fields = {{{"name", limits::name},
                                                   {"email", limits::email},
                                                   {"phone", limits::phone},
                                                   {"externalId", limits::external_id},
                                                   {"address", limits::address}}};
constexpr std::array<std::string_view, 10> credential_fields = {
    "johnDeereCredentials", "climateFieldViewCredentials", "cnhiCredentials",          "trimbleCredentials",
    "ravenCredentials",     "staraCredentials",            "agLeaderCredentials",      "ravenSlingshotCredentials",
    "lindsayCredentials",   "valleyCredentials"};

constexpr FilterSpec user_filters[] = {
    {"email", "email"},
    {"name", "name"},
    {"externalId", "external_id"},
};

const std::map<std::string_view, std::string_view>& user_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"}, {"name", "name"}, {"email", "email"}, {"externalId", "external_id"},
        {"createdTime", "created_time"}, {"updatedTime", "updated_time"}};
    return columns;
}

// The user document from a request body: the known keys only, each type-checked.
nlohmann::json user_document(const std::string& body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_object()) throw Error(ErrorCode::invalid_input, "body: expected a JSON object");
    nlohmann::json doc = nlohmann::json::object();
    for (const auto& [key, max_bytes] : text_fields) {
        const auto it = json.find(key);
        if (it == json.end() || it->is_null()) continue;
        const bool ok = it->is_string() || (key == "address" && it->is_object());
        if (!ok) throw Error(ErrorCode::invalid_input, std::string(key), fmt::format("{}: must be a string", key));
        limits::check_json_length(key, *it, max_bytes);
        doc[std::string(key)] = *it;
    }
    for (const auto key : credential_fields) {
        const auto it = json.find(key);
        if (it == json.end() || it->is_null()) continue;
        if (!it->is_object()) throw Error(ErrorCode::invalid_input, std::string(key), fmt::format("{}: must be an object", key));
        limits::check_json_length(key, *it, limits::credentials);
        doc[std::string(key)] = *it;
    }
    return doc;
}

// The id a PUT replaces: the path's, or the body's for PUT /users; both present must agree.
std::string target_id(const Request& req) {
    const auto json = nlohmann::json::parse(req.body, nullptr, false);
    std::string body_id;
    if (json.is_object() && json.contains("id")) {
        if (!json["id"].is_string()) throw Error(ErrorCode::invalid_input, "id", "id: must be a string");
        body_id = require_uuid("id", json["id"].get<std::string>());
    }
    if (req.path_param("id").empty()) {
        if (body_id.empty()) throw Error(ErrorCode::invalid_input, "id", "id: required in the body of PUT /users");
        return body_id;
    }
    const auto path_id = require_uuid("id", req.path_param("id"));
    if (!body_id.empty() && body_id != path_id)
        throw Error(ErrorCode::invalid_input, "id", "id: the body's id differs from the path's");
    return path_id;
}

store::LeafUser existing_user(store::Session& db, const Request& req, const std::string& id) {
    auto user = db.find_user(req.caller.owner_id, id);
    if (!user) throw Error(ErrorCode::not_found, fmt::format("no Leaf user {}", id));
    return *user;
}

Response replace_user(ApiContext& ctx, Request& req) {
    const auto id = target_id(req);
    auto db = ctx.repo.connect();
    auto user = existing_user(*db, req, id);
    user.document = user_document(req.body);
    user.updated_time = now_ms();
    db->update_user(user);
    return Response::json(200, user_json(user));
}

} // namespace

void add_user_routes(Router& router, ApiContext& ctx) {
    router.add("POST", base, [&ctx](Request& req) {
        store::LeafUser user;
        user.id = new_uuid();
        user.owner_id = req.caller.owner_id;
        user.document = user_document(req.body);
        user.created_time = user.updated_time = now_ms();
        ctx.repo.connect()->insert_user(user);
        auto r = Response::json(201, user_json(user));
        r.headers.emplace_back("Location", std::string(base) + "/" + user.id);
        return r;
    });
    router.add("GET", base, [&ctx](Request& req) {
        const QueryParams params(req.query);
        const auto query = list_query(params, user_filters, user_sort_columns());
        const auto page = ctx.repo.connect()->list_users(req.caller.owner_id, query);
        nlohmann::json items = nlohmann::json::array();
        for (const auto& u : page.items) items.push_back(user_json(u));
        auto r = Response::json(200, items);
        add_paging_headers(r, req, query, page.total);
        return r;
    });
    router.add("GET", std::string(base) + "/{id}", [&ctx](Request& req) {
        const auto id = require_uuid("id", req.path_param("id"));
        return Response::json(200, user_json(existing_user(*ctx.repo.connect(), req, id)));
    });
    router.add("PUT", std::string(base) + "/{id}", [&ctx](Request& req) { return replace_user(ctx, req); });
    router.add("PUT", base, [&ctx](Request& req) { return replace_user(ctx, req); });
    router.add("DELETE", std::string(base) + "/{id}", [&ctx](Request& req) {
        const auto id = require_uuid("id", req.path_param("id"));
        if (!ctx.repo.connect()->delete_user(req.caller.owner_id, id))
            throw Error(ErrorCode::not_found, fmt::format("no Leaf user {}", id));
        return Response::no_content();
    });
}

} // namespace furrow::api
