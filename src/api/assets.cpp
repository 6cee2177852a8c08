// Assets (Leaf's beta assets endpoints, docs.withleaf.io/docs/beta_assets_endpoints): the machines,
// implements and operators of a leaf user, as pooled from the machine files that name them
// (originType FILE_POOLED). Read-only: GET list and GET one per kind; docs/API.md lists the members.
#include "api/paging.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"

#include <fmt/format.h>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/beta/api/users/{leafUserId}";

// One asset kind on the wire: its path segment, and the name of its provider-side id member.
struct AssetKind {
    const char* kind;        // store::asset_*
    const char* segment;     // "machines"
    const char* provider_id; // "providerMachineId"
    const char* label;       // for messages
};

constexpr AssetKind kinds[] = {
    {store::asset_machine, "machines", "providerMachineId", "machine"},
    {store::asset_implement, "implements", "providerImplementId", "implement"},
    {store::asset_operator, "operators", "providerOperatorId", "operator"},
};

nlohmann::json text_or_null(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

// Leaf's members where furrow knows them; what only a provider account could tell (vin, model,
// category, modelYear, providerOrganizationId, license, status) is null.
nlohmann::json asset_json(const AssetKind& kind, const store::Asset& a) {
    nlohmann::json out = {{"id", a.id},
                          {"leafUserId", a.leaf_user_id},
                          {"name", text_or_null(a.name)},
                          {"provider", text_or_null(a.provider)},
                          {kind.provider_id, text_or_null(a.source_id)},
                          {"providerOrganizationId", nullptr},
                          {"originType", "FILE_POOLED"},
                          {"createdTime", format_iso8601(a.created_time)},
                          {"updatedTime", format_iso8601(a.updated_time)}};
    if (a.kind == store::asset_operator) {
        out["license"] = nullptr;
        return out;
    }
    out["serialNumber"] = text_or_null(a.serial_number);
    out["make"] = text_or_null(a.brand);
    out["model"] = nullptr;
    out["category"] = nullptr;
    if (a.kind == store::asset_machine) {
        out["vin"] = nullptr;
        out["modelYear"] = nullptr;
    }
    return out;
}

constexpr FilterSpec asset_filters[] = {
    {"name", "name"},
    {"provider", "provider"},
    {"serialNumber", "serial_number"},
    {"make", "brand"},
    {"providerMachineId", "source_id"},
    {"providerImplementId", "source_id"},
    {"providerOperatorId", "source_id"},
};

const std::map<std::string_view, std::string_view>& asset_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"},           {"leafUserId", "leaf_user_id"},   {"name", "name"},
        {"provider", "provider"}, {"serialNumber", "serial_number"}, {"make", "brand"},
        {"createdTime", "created_time"}, {"updatedTime", "updated_time"}};
    return columns;
}

// The path's leaf user, if it is one of the caller's; another owner's user is not found.
std::string leaf_user_of(store::Session& db, const Request& req) {
    const auto id = require_uuid("leafUserId", req.path_param("leafUserId"));
    if (!db.find_user(req.caller.owner_id, id)) throw Error(ErrorCode::not_found, fmt::format("no Leaf user {}", id));
    return id;
}

Response list_assets(ApiContext& ctx, const AssetKind& kind, Request& req) {
    auto db = ctx.repo.connect();
    const auto leaf_user_id = leaf_user_of(*db, req);
    const QueryParams params(req.query);
    auto query = list_query(params, asset_filters, asset_sort_columns());
    query.filters.push_back({"leaf_user_id", store::Op::eq, leaf_user_id});
    const auto page = db->list_assets(req.caller.owner_id, kind.kind, query);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& asset : page.items) items.push_back(asset_json(kind, asset));
    auto r = Response::json(200, items);
    add_paging_headers(r, req, query, page.total);
    return r;
}

Response get_asset(ApiContext& ctx, const AssetKind& kind, Request& req) {
    auto db = ctx.repo.connect();
    const auto leaf_user_id = leaf_user_of(*db, req);
    const auto id = require_uuid("id", req.path_param("id"));
    const auto asset = db->find_asset(req.caller.owner_id, kind.kind, id);
    if (!asset || asset->leaf_user_id != leaf_user_id)
        throw Error(ErrorCode::not_found, fmt::format("no {} {}", kind.label, id));
    return Response::json(200, asset_json(kind, *asset));
}

} // namespace

void add_asset_routes(Router& router, ApiContext& ctx) {
    for (const auto& kind : kinds) {
        const std::string path = fmt::format("{}/{}", base, kind.segment);
        router.add("GET", path, [&ctx, &kind](Request& req) { return list_assets(ctx, kind, req); });
        router.add("GET", path + "/{id}", [&ctx, &kind](Request& req) { return get_asset(ctx, kind, req); });
    }
}

} // namespace furrow::api
