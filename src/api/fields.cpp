// Fields: /services/fields/api (contract-facts.md §2 "Fields"). Boundaries and /intersects are in
// field_boundaries.cpp, a field's operation files in field_operations.cpp; add_field_routes
// registers all three.
#include "api/farm_requests.hpp"
#include "api/text_limits.hpp"
#include "api/field_requests.hpp"
#include "api/fields_json.hpp"
#include "api/paging.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "pipeline/operations/field_links.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

#include <fmt/format.h>

#include <array>

namespace furrow::api {

void add_field_boundary_routes(Router& router, ApiContext& ctx);  // field_boundaries.cpp
void add_field_operation_routes(Router& router, ApiContext& ctx); // field_operations.cpp

namespace {

using namespace field_requests;

constexpr std::array<std::string_view, 2> field_types = {"ORIGINAL", "MERGED"};

// farmId is filtered separately: it must be an integer, which FilterSpec's number type does not check.
constexpr FilterSpec field_filters[] = {
    {"leafUserId", "leaf_user_id", store::Op::eq, ParamType::uuid},
    {"type", "type", store::Op::eq, ParamType::enumeration, field_types},
    {"provider", "provider", store::Op::eq, ParamType::text},
};

// Provider members a client may set on a field; kept as sent and returned (contract-facts.md §2).
constexpr std::array<std::string_view, 6> provider_members = {
    "providerName", "providerId", "providerFieldId", "providerFieldName", "providerBoundaryId", "organizationId"};

const std::map<std::string_view, std::string_view>& field_sort_columns() {
    static const std::map<std::string_view, std::string_view> columns = {
        {"id", "id"},         {"name", "name"},         {"type", "type"},
        {"status", "status"}, {"farmId", "farm_id"},     {"leafUserId", "leaf_user_id"},
        {"provider", "provider"}, {"createdTime", "created_time"}, {"updatedTime", "updated_time"}};
    return columns;
}

// Client-chosen ids appear in paths, so they are kept to URL-safe characters.
std::string body_field_id(const nlohmann::json& body) {
    const auto it = body.find("id");
    if (it == body.end() || it->is_null()) return new_uuid();
    const bool ok = it->is_string() && !it->get<std::string>().empty() && it->get<std::string>().size() <= 128 &&
                    it->get<std::string>().find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789._~-") == std::string::npos;
    if (!ok) throw Error(ErrorCode::invalid_input, "id", "id: must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -");
    return it->get<std::string>();
}

// name and farmId from the body into the field, when present (null clears them). A farmId must name
// a farm of the field's leaf user (Leaf: "any existent Leaf farm ID"): the farm's fieldIds list it.
void apply_members(store::Session& db, const nlohmann::json& body, store::Field& field) {
    if (const auto it = body.find("name"); it != body.end()) {
        if (!it->is_null() && !it->is_string()) throw Error(ErrorCode::invalid_input, "name", "name: must be a string");
        field.name = it->is_null() ? "" : it->get<std::string>();
        limits::check_length("name", field.name, limits::name);
    }
    if (const auto it = body.find("farmId"); it != body.end()) {
        if (it->is_null()) field.farm_id.reset();
        else if (it->is_number_integer()) {
            farm_requests::check_farm_link(db, field.owner_id, field.leaf_user_id, it->get<std::int64_t>(), "farmId");
            field.farm_id = it->get<std::int64_t>();
        }
        else throw Error(ErrorCode::invalid_input, "farmId", "farmId: must be an integer");
    }
    for (const auto key : provider_members) {
        const auto it = body.find(key);
        if (it == body.end()) continue;
        if (it->is_null()) field.document.erase(std::string(key));
        else if (it->is_string()) {
            limits::check_length(key, it->get_ref<const std::string&>(), limits::external_id);
            field.document[std::string(key)] = *it;
        }
        else throw Error(ErrorCode::invalid_input, std::string(key), fmt::format("{}: must be a string", key));
    }
}

nlohmann::json render(store::Session& db, const store::Field& field) {
    auto out = field_json(field, active_boundary(db, field));
    out["files"] = pipeline::operations::field_file_ids(db, field.owner_id, field.id);
    return out;
}

Response create_field(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    const auto body = body_object(req);
    store::Field field;
    field.id = body_field_id(body);
    field.owner_id = req.caller.owner_id;
    field.leaf_user_id = user.id;
    apply_members(*db, body, field);
    const auto shape = *body_geometry(body, true);
    field.created_time = field.updated_time = now_ms();
    const auto boundary = new_boundary(field, shape, field.created_time);
    write_and_rematch(ctx, *db, user.id, [&] {
        db->insert_field(field);
        db->insert_boundary(boundary);
        alerts::record_event(*db, field.owner_id, alerts::event::field_created, {{"source", "REST"}, {"leafUserId", user.id}, {"fieldId", field.id}});
        alerts::record_event(*db, field.owner_id, alerts::event::field_boundary_created,
                             {{"boundaryId", boundary.id}, {"leafUserId", user.id}, {"fieldId", field.id}});
    });
    field.boundary_ids = {boundary.id};
    // Leaf answers a created field with 200 (the facts give no 201 for fields, unlike users).
    return Response::json(200, field_json(field, boundary));
}

// PATCH (Leaf) and PUT (issue #6): the members sent change, the rest stay; a geometry makes a new
// active boundary.
Response update_field(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    auto field = owned_field(*db, req, user);
    const auto body = body_object(req);
    if (body.contains("id") && !(body["id"].is_string() && body["id"] == field.id))
        throw Error(ErrorCode::invalid_input, "id", "id: a field's id cannot change");
    apply_members(*db, body, field);
    const auto shape = body_geometry(body, false);
    field.updated_time = now_ms();
    std::optional<store::FieldBoundary> boundary;
    if (shape) boundary = new_boundary(field, *shape, field.updated_time);
    write_and_rematch(ctx, *db, user.id, [&] {
        db->update_field(field);
        if (boundary) db->insert_boundary(*boundary);
        alerts::record_event(*db, field.owner_id, alerts::event::field_updated,
                             {{"source", "REST"}, {"leafUserId", user.id}, {"fieldId", field.id}});
        if (boundary)
            alerts::record_event(*db, field.owner_id, alerts::event::field_boundary_updated,
                                 {{"boundaryId", boundary->id}, {"leafUserId", user.id}, {"fieldId", field.id}});
    });
    return Response::json(200, render(*db, *db->find_field(field.owner_id, user.id, field.id)));
}

Response list_fields(ApiContext& ctx, Request& req, bool one_user) {
    auto db = ctx.repo.connect();
    const QueryParams params(req.query);
    auto query = list_query(params, one_user ? std::span(field_filters).subspan(1) : std::span(field_filters),
                            field_sort_columns());
    if (const auto farm = params.integer("farmId", INT64_MIN, INT64_MAX))
        query.filters.push_back({"farm_id", store::Op::eq, *farm});
    if (one_user) query.filters.push_back({"leaf_user_id", store::Op::eq, owned_user(*db, req).id});
    const auto page = db->list_fields(req.caller.owner_id, query);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& field : page.items) items.push_back(render(*db, field));
    auto r = Response::json(200, items);
    add_paging_headers(r, req, query, page.total);
    return r;
}

} // namespace

void add_field_routes(Router& router, ApiContext& ctx) {
    const std::string fields = std::string(base) + "/users/{leafUserId}/fields";
    const std::string field = fields + "/{fieldId}";
    router.add("POST", fields, [&ctx](Request& req) { return create_field(ctx, req); });
    router.add("GET", std::string(base) + "/fields", [&ctx](Request& req) { return list_fields(ctx, req, false); });
    router.add("GET", fields, [&ctx](Request& req) { return list_fields(ctx, req, true); });
    router.add("GET", field, [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        return Response::json(200, render(*db, owned_field(*db, req, owned_user(*db, req))));
    });
    router.add("PATCH", field, [&ctx](Request& req) { return update_field(ctx, req); });
    router.add("PUT", field, [&ctx](Request& req) { return update_field(ctx, req); });
    router.add("DELETE", field, [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto user = owned_user(*db, req);
        const auto existing = owned_field(*db, req, user);
        write_and_rematch(ctx, *db, user.id, [&] {
            const auto boundary = active_boundary(*db, existing);
            db->delete_field(existing.owner_id, user.id, existing.id);
            if (boundary)
                alerts::record_event(*db, existing.owner_id, alerts::event::field_boundary_deleted,
                                     {{"boundaryId", boundary->id}, {"leafUserId", user.id}, {"fieldId", existing.id}});
        });
        return Response::no_content();
    });
    add_field_boundary_routes(router, ctx);
    add_field_operation_routes(router, ctx);
}

} // namespace furrow::api
