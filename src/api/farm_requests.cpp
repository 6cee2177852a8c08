#include "api/farm_requests.hpp"

#include "api/text_limits.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

#include <fmt/format.h>

#include <charconv>

namespace furrow::api::farm_requests {

std::int64_t path_id(const Request& req) {
    const auto& text = req.path_param("id");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        throw Error(ErrorCode::invalid_input, "id", fmt::format("id: must be an integer, not '{}'", text));
    return id;
}

Link body_link(const nlohmann::json& body, std::string_view member) {
    const auto it = body.find(member);
    if (it == body.end()) return {};
    if (it->is_null()) return {true, std::nullopt};
    if (!it->is_number_integer())
        throw Error(ErrorCode::invalid_input, std::string(member), fmt::format("{}: must be an integer", member));
    return {true, it->get<std::int64_t>()};
}

void apply_name(const nlohmann::json& body, std::optional<std::string>& name) {
    const auto it = body.find("name");
    if (it == body.end()) return;
    if (it->is_null()) {
        name.reset();
        return;
    }
    if (!it->is_string()) throw Error(ErrorCode::invalid_input, "name", "name: must be a string");
    limits::check_length("name", it->get_ref<const std::string&>(), limits::name);
    name = it->get<std::string>();
}

store::Farm owned_farm(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                       std::int64_t id) {
    auto farm = db.find_farm(owner_id, id);
    if (!farm || farm->leaf_user_id != leaf_user_id)
        throw Error(ErrorCode::not_found, fmt::format("no farm {} of Leaf user {}", id, leaf_user_id));
    return *farm;
}

store::Grower owned_grower(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                           std::int64_t id) {
    auto grower = db.find_grower(owner_id, id);
    if (!grower || grower->leaf_user_id != leaf_user_id)
        throw Error(ErrorCode::not_found, fmt::format("no grower {} of Leaf user {}", id, leaf_user_id));
    return *grower;
}

void check_farm_link(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                     std::int64_t farm_id, std::string_view member) {
    const auto farm = db.find_farm(owner_id, farm_id);
    if (!farm || farm->leaf_user_id != leaf_user_id)
        throw Error(ErrorCode::invalid_input, std::string(member),
                    fmt::format("{}: no farm {} of Leaf user {}", member, farm_id, leaf_user_id));
}

void check_grower_link(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                       std::int64_t grower_id) {
    const auto grower = db.find_grower(owner_id, grower_id);
    if (!grower || grower->leaf_user_id != leaf_user_id)
        throw Error(ErrorCode::invalid_input, "growerId",
                    fmt::format("growerId: no grower {} of Leaf user {}", grower_id, leaf_user_id));
}

// Members furrow has no value for (provider ones: farms and growers are made through the API, not
// synced) are left out rather than sent as null, as Leaf leaves out a grower's unknown name.
nlohmann::json farm_json(const store::Farm& farm) {
    nlohmann::json out = {{"id", farm.id}, {"leafUserId", farm.leaf_user_id}, {"fieldIds", farm.field_ids}};
    if (farm.name) out["name"] = *farm.name;
    if (farm.grower_id) out["growerId"] = *farm.grower_id;
    out["createdTime"] = format_iso8601(farm.created_time);
    out["updatedTime"] = format_iso8601(farm.updated_time);
    return out;
}

nlohmann::json grower_json(const store::Grower& grower) {
    nlohmann::json out = {{"id", grower.id}, {"leafUserId", grower.leaf_user_id}, {"farmIds", grower.farm_ids}};
    if (grower.name) out["name"] = *grower.name;
    out["createdTime"] = format_iso8601(grower.created_time);
    out["updatedTime"] = format_iso8601(grower.updated_time);
    return out;
}

} // namespace furrow::api::farm_requests
