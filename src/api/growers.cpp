// Growers: /services/fields/api/growers and /users/{leafUserId}/growers (Leaf's fields service,
// "Grower"). A grower groups farms of one leaf user; its farmIds are the farms whose growerId names it.
#include "api/farm_requests.hpp"
#include "api/field_requests.hpp"
#include "api/paging.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

#include <fmt/format.h>

#include <string>

namespace furrow::api {
namespace {

using namespace farm_requests;
using field_requests::base;
using field_requests::body_object;
using field_requests::owned_user;

constexpr FilterSpec grower_filters[] = {
    {"leafUserId", "leaf_user_id", store::Op::eq, ParamType::uuid},
    {"provider", "provider", store::Op::eq, ParamType::text},
};

const std::map<std::string_view, std::string_view>& grower_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"}, {"name", "name"}, {"leafUserId", "leaf_user_id"}, {"provider", "provider"},
        {"createdTime", "created_time"}, {"updatedTime", "updated_time"}};
    return columns;
}

Response create_grower(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    const auto body = body_object(req);
    store::Grower grower;
    grower.owner_id = req.caller.owner_id;
    grower.leaf_user_id = user.id;
    apply_name(body, grower.name); // Leaf: "Only the name field is accepted"
    grower.created_time = grower.updated_time = now_ms();
    return Response::json(200, grower_json(db->insert_grower(grower)));
}

Response update_grower(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    auto grower = owned_grower(*db, req.caller.owner_id, user.id, path_id(req));
    const auto body = body_object(req);
    if (body.contains("id") && body["id"] != grower.id)
        throw Error(ErrorCode::invalid_input, "id", "id: a grower's id cannot change");
    apply_name(body, grower.name);
    grower.updated_time = now_ms();
    db->update_grower(grower);
    return Response::json(200, grower_json(grower));
}

Response list_growers(ApiContext& ctx, Request& req, bool one_user) {
    auto db = ctx.repo.connect();
    auto query = list_query(QueryParams(req.query),
                            one_user ? std::span(grower_filters).subspan(1) : std::span(grower_filters),
                            grower_sort_columns());
    if (one_user) query.filters.push_back({"leaf_user_id", store::Op::eq, owned_user(*db, req).id});
    const auto page = db->list_growers(req.caller.owner_id, query);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& grower : page.items) items.push_back(grower_json(grower));
    auto r = Response::json(200, items);
    add_paging_headers(r, req, query, page.total);
    return r;
}

// GET /growers/{id}: Leaf's resource table names this owner-level path, its endpoint list the one
// under the user; both answer.
Response owner_grower(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto id = path_id(req);
    const auto grower = db->find_grower(req.caller.owner_id, id);
    if (!grower) throw Error(ErrorCode::not_found, fmt::format("no grower {}", id));
    return Response::json(200, grower_json(*grower));
}

} // namespace

void add_grower_routes(Router& router, ApiContext& ctx) {
    const std::string growers = std::string(base) + "/users/{leafUserId}/growers";
    const std::string grower = growers + "/{id}";
    router.add("GET", std::string(base) + "/growers", [&ctx](Request& req) { return list_growers(ctx, req, false); });
    router.add("GET", std::string(base) + "/growers/{id}", [&ctx](Request& req) { return owner_grower(ctx, req); });
    router.add("GET", growers, [&ctx](Request& req) { return list_growers(ctx, req, true); });
    router.add("POST", growers, [&ctx](Request& req) { return create_grower(ctx, req); });
    router.add("GET", grower, [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto user = owned_user(*db, req);
        return Response::json(200, grower_json(owned_grower(*db, req.caller.owner_id, user.id, path_id(req))));
    });
    router.add("PUT", grower, [&ctx](Request& req) { return update_grower(ctx, req); });
}

} // namespace furrow::api
