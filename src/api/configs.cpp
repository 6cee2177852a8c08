// Configurations: /services/config/api/configs (contract-facts §10, docs/CONFIGURATIONS.md).
// The owner's configuration always has every key; a leaf user's holds only what was set on it,
// and every answer shows the effective values (defaults <- owner <- user).
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "pipeline/configuration.hpp"

#include <fmt/format.h>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/config/api/configs";

nlohmann::json json_body(const Request& req) {
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        throw Error(ErrorCode::invalid_input, "body: expected a JSON object of configuration keys");
    return body;
}

nlohmann::json config_json(store::Session& db, const Request& req, const std::string& leaf_user_id) {
    auto values = pipeline::effective_configuration(db, req.caller.owner_id, leaf_user_id);
    nlohmann::json out = {{"apiOwnerUsername", req.caller.username}, {"leafUserId", leaf_user_id}};
    out.update(values);
    return out;
}

// The leaf user of the path, which must be the caller's.
std::string owned_leaf_user(store::Session& db, const Request& req) {
    const auto id = require_uuid("leafUserId", req.path_param("leafUserId"));
    if (!db.find_user(req.caller.owner_id, id)) throw Error(ErrorCode::not_found, fmt::format("no Leaf user {}", id));
    return id;
}

enum class Write { merge, replace };

// Stores the body's keys on the owner (leaf_user_id "") or a leaf user; returns true when the
// row is new.
bool write_config(store::Session& db, const Request& req, const std::string& leaf_user_id, Write how) {
    const auto changes = pipeline::validated_changes(json_body(req), !leaf_user_id.empty());
    bool created = false;
    db.transaction([&] {
        auto stored = db.find_config(req.caller.owner_id, leaf_user_id);
        created = !stored;
        if (!stored || how == Write::replace) stored = store::StoredConfig{req.caller.owner_id, leaf_user_id, {}, 0};
        stored->values = stored->values.is_object() ? stored->values : nlohmann::json::object();
        pipeline::apply_changes(stored->values, changes);
        stored->updated_time = now_ms();
        db.put_config(*stored);
    });
    return created;
}

Response owner_write(ApiContext& ctx, Request& req, Write how) {
    auto db = ctx.repo.connect();
    write_config(*db, req, "", how);
    return Response::json(200, config_json(*db, req, ""));
}

Response user_write(ApiContext& ctx, Request& req, Write how, bool answer_created) {
    auto db = ctx.repo.connect();
    const auto user = owned_leaf_user(*db, req);
    const bool created = write_config(*db, req, user, how);
    return Response::json(created && answer_created ? 201 : 200, config_json(*db, req, user));
}

} // namespace

void add_config_routes(Router& router, ApiContext& ctx) {
    const std::string user_path = std::string(base) + "/{leafUserId}";
    router.add("GET", base, [&ctx](Request& req) { return Response::json(200, config_json(*ctx.repo.connect(), req, "")); });
    router.add("PATCH", base, [&ctx](Request& req) { return owner_write(ctx, req, Write::merge); });
    router.add("PUT", base, [&ctx](Request& req) { return owner_write(ctx, req, Write::replace); });
    router.add("GET", user_path, [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        return Response::json(200, config_json(*db, req, owned_leaf_user(*db, req)));
    });
    router.add("POST", user_path, [&ctx](Request& req) { return user_write(ctx, req, Write::replace, true); });
    router.add("PUT", user_path, [&ctx](Request& req) { return user_write(ctx, req, Write::replace, false); });
    router.add("PATCH", user_path, [&ctx](Request& req) { return user_write(ctx, req, Write::merge, false); });
    router.add("DELETE", user_path, [&ctx](Request& req) {
        auto db = ctx.repo.connect();
        const auto user = owned_leaf_user(*db, req);
        if (!db->delete_config(req.caller.owner_id, user))
            throw Error(ErrorCode::not_found, fmt::format("Leaf user {} has no configuration of its own", user));
        return Response::no_content();
    });
}

} // namespace furrow::api
