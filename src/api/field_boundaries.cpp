// Field boundaries and /intersects: /services/fields/api/users/{leafUserId}/fields/... (contract-facts.md §2).
// Boundaries are never edited or deleted: a PUT makes a new ACTIVE one and the old one goes INACTIVE.
#include "api/field_requests.hpp"
#include "api/fields_json.hpp"
#include "api/routes.hpp"
#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "core/error.hpp"
#include "fields/geos_shapes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace furrow::api {
namespace {

using namespace field_requests;

constexpr double min_threshold = 0.01, max_threshold = 100;

Response put_boundary(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    auto field = owned_field(*db, req, user);
    const auto shape = *body_geometry(body_object(req), true);
    field.updated_time = now_ms();
    const auto boundary = new_boundary(field, shape, field.updated_time);
    write_and_rematch(ctx, *db, user.id, [&] {
        db->update_field(field);
        db->insert_boundary(boundary);
        alerts::record_event(*db, field.owner_id, alerts::event::field_boundary_updated,
                             {{"boundaryId", boundary.id}, {"leafUserId", user.id}, {"fieldId", field.id}});
    });
    return Response::json(200, boundary_json(boundary));
}

double body_threshold(const nlohmann::json& body) {
    const auto it = body.find("intersectionThreshold");
    if (it == body.end() || it->is_null()) return min_threshold;
    if (!it->is_number() || it->get<double>() < min_threshold || it->get<double>() > max_threshold)
        throw Error(ErrorCode::invalid_input, "intersectionThreshold",
                    fmt::format("intersectionThreshold: must be a number from {} to {}", min_threshold, max_threshold));
    return it->get<double>();
}

// The fields among `boundaries` whose active boundary overlaps the body's geometry by at least the
// threshold, in percent of the field's area or of the geometry's (either is enough).
Response intersecting(store::Session& db, const Request& req, const std::vector<store::FieldBoundary>& boundaries) {
    const auto body = body_object(req);
    const auto shape = *body_geometry(body, true);
    const double threshold = body_threshold(body);
    const double shape_m2 = fields::geodesic_area_m2(shape);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& boundary : boundaries) {
        const auto field_shape = fields::parse_boundary(nlohmann::json::parse(boundary.geometry));
        const double overlap_m2 = fields::overlap_area_m2(field_shape, shape);
        if (overlap_m2 <= 0) continue;
        const double of_field = 100 * overlap_m2 / (boundary.area_ha * 10'000);
        const double of_shape = 100 * overlap_m2 / shape_m2;
        if (of_field < threshold && of_shape < threshold) continue;
        if (auto field = db.find_field(req.caller.owner_id, boundary.leaf_user_id, boundary.field_id))
            out.push_back(field_json(*field, boundary));
    }
    return Response::json(200, out);
}

Response user_intersects(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    return intersecting(*db, req, db->active_boundaries(req.caller.owner_id, user.id));
}

// The same over the fields of every leaf user of the owner (contract-facts §2: owner level).
Response owner_intersects(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    return intersecting(*db, req, db->owner_active_boundaries(req.caller.owner_id));
}

// POST .../fields/intersect with a JSON array of the user's field ids: the area all of them share,
// as a GeoJSON MultiPolygon (no coordinates when they share none). Leaf documents the body only;
// the answer's shape is furrow's (docs/API.md).
Response fields_intersection(ApiContext& ctx, Request& req) {
    auto db = ctx.repo.connect();
    const auto user = owned_user(*db, req);
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_array() || body.size() < 2 ||
        !std::all_of(body.begin(), body.end(), [](const auto& id) { return id.is_string(); }))
        throw Error(ErrorCode::invalid_input, "body", "body: expected a JSON array of at least two field ids");
    std::optional<fields::MultiPolygon> shared;
    for (const auto& id : body) {
        const auto field = db->find_field(req.caller.owner_id, user.id, id.get<std::string>());
        if (!field) throw Error(ErrorCode::not_found, fmt::format("no field {} of leaf user {}", id.get<std::string>(), user.id));
        const auto boundary = active_boundary(*db, *field);
        if (!boundary) throw Error(ErrorCode::invalid_input, "body", fmt::format("field {} has no active boundary", field->id));
        const auto shape = fields::parse_boundary(nlohmann::json::parse(boundary->geometry));
        shared = shared ? fields::intersection(*shared, shape) : shape;
    }
    return Response::json(200, fields::to_geojson(*shared));
}

} // namespace

void add_field_boundary_routes(Router& router, ApiContext& ctx) {
    const std::string fields = std::string(base) + "/users/{leafUserId}/fields";
    const std::string field = fields + "/{fieldId}";
    router.add("PUT", field + "/boundary", [&ctx](Request& req) { return put_boundary(ctx, req); });
    router.add("GET", field + "/boundary", [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto f = owned_field(*db, req, owned_user(*db, req));
        const auto active = active_boundary(*db, f);
        if (!active) throw Error(ErrorCode::not_found, fmt::format("field {} has no active boundary", f.id));
        return Response::json(200, boundary_json(*active));
    });
    router.add("GET", field + "/boundaries", [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto f = owned_field(*db, req, owned_user(*db, req));
        nlohmann::json out = nlohmann::json::array();
        for (const auto& b : db->field_boundaries(req.caller.owner_id, f.id)) out.push_back(boundary_json(b));
        return Response::json(200, out);
    });
    router.add("GET", field + "/boundaries/{boundaryId}", [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto f = owned_field(*db, req, owned_user(*db, req));
        const auto& id = req.path_param("boundaryId");
        const auto b = db->find_boundary(req.caller.owner_id, f.id, id);
        if (!b) throw Error(ErrorCode::not_found, fmt::format("no boundary {} of field {}", id, f.id));
        return Response::json(200, boundary_json(*b));
    });
    router.add("POST", fields + "/intersects", [&ctx](Request& req) { return user_intersects(ctx, req); });
    // The older path of the same query (contract-facts.md §2).
    router.add("POST", fields + "/query/intersects", [&ctx](Request& req) { return user_intersects(ctx, req); });
    router.add("POST", std::string(base) + "/fields/query/intersects", [&ctx](Request& req) { return owner_intersects(ctx, req); });
    router.add("POST", fields + "/intersect", [&ctx](Request& req) { return fields_intersection(ctx, req); });
}

} // namespace furrow::api
