// Farms: /services/fields/api/farms and /users/{leafUserId}/farms (Leaf's fields service, "Farms").
// A farm groups fields of one leaf user and may belong to one of its growers; its fieldIds are the
// fields whose farmId names it.
#include "api/farm_requests.hpp"
#include "api/field_requests.hpp"
#include "api/paging.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

#include <string>

namespace furrow::api {
namespace {

using namespace farm_requests;
using field_requests::base;
using field_requests::body_object;
using field_requests::owned_user;

// growerId is filtered separately: it must be an integer, which FilterSpec's number type does not check.
constexpr FilterSpec farm_filters[] = {
    {"leafUserId", "leaf_user_id", store::Op::eq, ParamType::uuid},
    {"provider", "provider", store::Op::eq, ParamType::text},
};

const std::map<std::string_view, std::string_view>& farm_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"},           {"name", "name"},   {"growerId", "grower_id"}, {"leafUserId", "leaf_user_id"},
        {"provider", "provider"}, {"createdTime", "created_time"}, {"updatedTime", "updated_time"}};
    return columns;
}

// name and growerId from the body into the farm; a growerId must be a grower of the farm's user.
void apply_members(store::Session& db, const nlohmann::json& body, store::Farm& farm) {
    apply_name(body, farm.name);
    const auto grower = body_link(body, "growerId");
    if (!grower.present) return;
    if (grower.id) check_grower_link(db, farm.owner_id, farm.leaf_user_id, *grower.id);
    farm.grower_id = grower.id;
}

Response create_farm(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    const auto body = body_object(req);
    store::Farm farm;
    farm.owner_id = req.caller.owner_id;
    farm.leaf_user_id = user.id;
    apply_members(*db, body, farm);
    farm.created_time = farm.updated_time = now_ms();
    // 200 as the fields service answers a created field (Leaf documents no status for farms).
    return Response::json(200, farm_json(db->insert_farm(farm)));
}

Response update_farm(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    auto farm = owned_farm(*db, req.caller.owner_id, user.id, path_id(req));
    const auto body = body_object(req);
    if (body.contains("id") && body["id"] != farm.id)
        throw Error(ErrorCode::invalid_input, "id", "id: a farm's id cannot change");
    apply_members(*db, body, farm);
    farm.updated_time = now_ms();
    db->update_farm(farm);
    return Response::json(200, farm_json(farm));
}

Response list_farms(ApiContext& ctx, Request& req, bool one_user) {
    auto db = ctx.repo.connect();
    const QueryParams params(req.query);
    auto query = list_query(params, one_user ? std::span(farm_filters).subspan(1) : std::span(farm_filters),
                            farm_sort_columns());
    if (const auto grower = params.integer("growerId", INT64_MIN, INT64_MAX))
        query.filters.push_back({"grower_id", store::Op::eq, *grower});
    if (one_user) query.filters.push_back({"leaf_user_id", store::Op::eq, owned_user(*db, req).id});
    const auto page = db->list_farms(req.caller.owner_id, query);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& farm : page.items) items.push_back(farm_json(farm));
    auto r = Response::json(200, items);
    add_paging_headers(r, req, query, page.total);
    return r;
}

} // namespace

void add_farm_routes(Router& router, ApiContext& ctx) {
    const std::string farms = std::string(base) + "/users/{leafUserId}/farms";
    const std::string farm = farms + "/{id}";
    router.add("GET", std::string(base) + "/farms", [&ctx](Request& req) { return list_farms(ctx, req, false); });
    router.add("GET", farms, [&ctx](Request& req) { return list_farms(ctx, req, true); });
    router.add("POST", farms, [&ctx](Request& req) { return create_farm(ctx, req); });
    router.add("GET", farm, [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto user = owned_user(*db, req);
        return Response::json(200, farm_json(owned_farm(*db, req.caller.owner_id, user.id, path_id(req))));
    });
    router.add("PUT", farm, [&ctx](Request& req) { return update_farm(ctx, req); });
}

} // namespace furrow::api
