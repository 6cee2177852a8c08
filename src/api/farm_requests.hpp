#pragma once
// What the farm and grower routes share with each other and with fields: integer ids from paths and
// bodies, the owner-scoped lookups that answer 404, and the links a body may name (a field's farmId,
// a farm's growerId), which must be the same leaf user's.
#include "api/http_types.hpp"
#include "store/repository.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace furrow::api::farm_requests {

// The path parameter `id` as a Leaf integer id, or Error(invalid_input, "id").
std::int64_t path_id(const Request& req);

// A body member that links to a farm or grower: absent → nullopt (no change), null → a cleared link,
// an integer → that id; anything else → Error(invalid_input, member).
struct Link {
    bool present = false;
    std::optional<std::int64_t> id;
};
Link body_link(const nlohmann::json& body, std::string_view member);

// `name` from the body: absent → unchanged, null → cleared, a string within limits::name → set.
void apply_name(const nlohmann::json& body, std::optional<std::string>& name);

// The farm / grower `id` of `leaf_user_id`, or Error(not_found) (also for another owner's or another
// user's), as path lookups answer.
store::Farm owned_farm(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                       std::int64_t id);
store::Grower owned_grower(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                           std::int64_t id);

// A link named in a body must be to the same leaf user's farm / grower, else Error(invalid_input,
// member): the request is wrong, not the path.
void check_farm_link(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                     std::int64_t farm_id, std::string_view member);
void check_grower_link(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                       std::int64_t grower_id);

nlohmann::json farm_json(const store::Farm& farm);
nlohmann::json grower_json(const store::Grower& grower);

} // namespace furrow::api::farm_requests
