#pragma once
// What the field routes share: request bodies read and checked, the owner/user/field lookups that
// answer 404, and the write that also queues the user's files for matching again.
#include "api/api_context.hpp"
#include "api/http_types.hpp"
#include "fields/boundary_geometry.hpp"
#include "pipeline/field_records.hpp"
#include "store/repository.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

namespace furrow::api::field_requests {

inline constexpr const char* base = "/services/fields/api";

// The body as a JSON object, or Error(invalid_input) "body: expected a JSON object".
nlohmann::json body_object(const Request& req);

// body["geometry"] parsed and validated (fields/boundary_geometry.hpp); nullopt when absent and
// not required.
std::optional<fields::MultiPolygon> body_geometry(const nlohmann::json& body, bool required);

// The path's leaf user of the caller's owner, or Error(not_found).
store::LeafUser owned_user(store::Session& db, const Request& req);
// The path's field of that user, or Error(not_found).
store::Field owned_field(store::Session& db, const Request& req, const store::LeafUser& user);

// The active boundary of a field, if it has one.
std::optional<store::FieldBoundary> active_boundary(store::Session& db, const store::Field& field);

// A new ACTIVE boundary record for the field (not stored).
using pipeline::new_boundary;

// Runs `write` in one transaction together with the match_user job of `leaf_user_id`, then wakes
// the workers: a field change and the re-matching it needs are committed together or not at all.
void write_and_rematch(ApiContext& ctx, store::Session& db, const std::string& leaf_user_id,
                       const std::function<void()>& write);

} // namespace furrow::api::field_requests
