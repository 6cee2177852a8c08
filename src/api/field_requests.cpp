#include "api/field_requests.hpp"

#include "api/query_params.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "pipeline/context.hpp"

#include <fmt/format.h>

namespace furrow::api::field_requests {

nlohmann::json body_object(const Request& req) {
    auto json = nlohmann::json::parse(req.body, nullptr, false);
    if (json.is_discarded() || !json.is_object()) throw Error(ErrorCode::invalid_input, "body: expected a JSON object");
    return json;
}

std::optional<fields::MultiPolygon> body_geometry(const nlohmann::json& body, bool required) {
    const auto it = body.find("geometry");
    if (it == body.end() || it->is_null()) {
        if (required) throw Error(ErrorCode::invalid_input, "geometry", "geometry: required (a GeoJSON MultiPolygon)");
        return std::nullopt;
    }
    return fields::parse_boundary(*it);
}

store::LeafUser owned_user(store::Session& db, const Request& req) {
    const auto id = require_uuid("leafUserId", req.path_param("leafUserId"));
    auto user = db.find_user(req.caller.owner_id, id);
    if (!user) throw Error(ErrorCode::not_found, fmt::format("no Leaf user {}", id));
    return *user;
}

store::Field owned_field(store::Session& db, const Request& req, const store::LeafUser& user) {
    const auto& id = req.path_param("fieldId");
    auto field = db.find_field(req.caller.owner_id, user.id, id);
    if (!field) throw Error(ErrorCode::not_found, fmt::format("no field {} of Leaf user {}", id, user.id));
    return *field;
}

std::optional<store::FieldBoundary> active_boundary(store::Session& db, const store::Field& field) {
    // Boundaries are only ever added, and each new one is the active one: the newest is it.
    if (field.boundary_ids.empty()) return std::nullopt;
    auto boundary = db.find_boundary(field.owner_id, field.id, field.boundary_ids.back());
    if (!boundary || boundary->status != store::boundary_active) return std::nullopt;
    return boundary;
}

void write_and_rematch(ApiContext& ctx, store::Session& db, const std::string& leaf_user_id,
                       const std::function<void()>& write) {
    db.transaction([&] {
        write();
        db.enqueue({pipeline::job_match_user, leaf_user_id, 0});
    });
    if (ctx.wake_workers) ctx.wake_workers();
}

} // namespace furrow::api::field_requests
