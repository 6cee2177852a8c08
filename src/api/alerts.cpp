// Alerts (webhooks): /services/alerts/api/alerts (contract-facts.md §11, docs/ALERTS.md).
#include "alerts/delivery_loop.hpp"
#include "alerts/events.hpp"
#include "alerts/outbox.hpp"
#include "alerts/webhook_url.hpp"
#include "api/query_params.hpp"
#include "api/routes.hpp"
#include "api/text_limits.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

#include <fmt/format.h>

namespace furrow::api {
namespace {

constexpr const char* base = "/services/alerts/api/alerts/webhooks";
// The url's own limit (limits::url) is checked with its syntax in check_webhook_url.
std::string text_member(const nlohmann::json& body, const char* key, bool required, std::size_t max_bytes = 0) {
    const auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        if (required) throw Error(ErrorCode::invalid_input, key, fmt::format("{}: required", key));
        return "";
    }
    if (!it->is_string()) throw Error(ErrorCode::invalid_input, key, fmt::format("{}: must be a string", key));
    const auto& value = it->get_ref<const std::string&>();
    if (required && value.empty()) throw Error(ErrorCode::invalid_input, key, fmt::format("{}: must not be empty", key));
    if (max_bytes > 0) limits::check_length(key, value, max_bytes);
    return value;
}

std::vector<std::string> event_names(const nlohmann::json& body) {
    const auto it = body.find("events");
    if (it == body.end() || !it->is_array() || it->empty())
        throw Error(ErrorCode::invalid_input, "events", "events: a non-empty array of event names is required");
    std::vector<std::string> names;
    for (const auto& e : *it) {
        if (!e.is_string()) throw Error(ErrorCode::invalid_input, "events", "events: every entry must be a string");
        const auto& name = e.get_ref<const std::string&>();
        if (alerts::find_event(name) == nullptr)
            throw Error(ErrorCode::invalid_input, "events", fmt::format("events: unknown event '{}'", name.substr(0, 100)));
        names.push_back(name);
    }
    return names;
}

nlohmann::json webhook_json(const store::Webhook& hook) {
    return {{"id", hook.id}, {"name", hook.name}, {"url", hook.url}, {"secret", hook.secret}, {"events", hook.events}};
}

// One attempt in Leaf's failed-calls shape, plus furrow's webhookId, eventId, eventType, attempt, gaveUp.
nlohmann::json call_json(const store::AlertCall& call) {
    nlohmann::json j = {{"apiOwner", call.owner_username},   {"createdAt", format_iso8601(call.result.time)},
                        {"url", call.url},                   {"status", call.result.http_status},
                        {"response", ""},  {"requestBody", call.request_body},
                        {"webhookId", call.webhook_id},      {"eventId", call.event_id},
                        {"eventType", call.event_type},      {"attempt", call.attempt},
                        {"gaveUp", call.final_attempt}};
    j["durationMs"] = call.result.duration_ms;
    if (!call.result.connection_error.empty()) j["connectionError"] = call.result.connection_error;
    return j;
}

Response calls(ApiContext& ctx, const Request& req, store::AlertCallQuery query) {
    const QueryParams params(req.query);
    const auto page = params.integer("page", 0, 1'000'000).value_or(0);
    query.limit = static_cast<int>(params.integer("size", 1, 1000).value_or(100));
    query.offset = static_cast<int>(page) * query.limit;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& call : ctx.repo.connect()->list_alert_calls(req.caller.owner_id, query)) items.push_back(call_json(call));
    return Response::json(200, {{"items", items}});
}

store::Webhook owned_webhook(ApiContext& ctx, const Request& req) {
    const auto id = require_uuid("id", req.path_param("id"));
    auto hook = ctx.repo.connect()->find_webhook(req.caller.owner_id, id);
    if (!hook) throw Error(ErrorCode::not_found, fmt::format("no webhook {}", id));
    return *hook;
}

Response create(ApiContext& ctx, const Request& req) {
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) throw Error(ErrorCode::invalid_input, "body: expected a JSON object");
    store::Webhook hook;
    hook.id = new_uuid();
    hook.owner_id = req.caller.owner_id;
    hook.name = text_member(body, "name", false, limits::name);
    hook.url = text_member(body, "url", true);
    const auto policy = alerts::webhook_target_policy(ctx.config);
    alerts::check_resolved_host(alerts::check_webhook_url(hook.url, policy), policy);
    hook.secret = text_member(body, "secret", true, limits::secret);
    hook.events = event_names(body);
    hook.created_time = now_ms();
    auto db = ctx.repo.connect();
    db->transaction([&] {
        db->insert_webhook(hook);
        alerts::record_confirmation(*db, hook);
    });
    auto r = Response::json(201, webhook_json(hook));
    r.headers.emplace_back("Location", std::string(base) + "/" + hook.id);
    return r;
}

} // namespace

void add_alert_routes(Router& router, ApiContext& ctx) {
    router.add("POST", base, [&ctx](Request& req) { return create(ctx, req); });
    router.add("GET", base, [&ctx](Request& req) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto& hook : ctx.repo.connect()->list_webhooks(req.caller.owner_id)) items.push_back(webhook_json(hook));
        return Response::json(200, items);
    });
    router.add("GET", std::string(base) + "/failed-calls", [&ctx](Request& req) {
        store::AlertCallQuery query;
        query.failed_only = true;
        return calls(ctx, req, query);
    });
    router.add("GET", std::string(base) + "/{id}", [&ctx](Request& req) {
        return Response::json(200, webhook_json(owned_webhook(ctx, req)));
    });
    // furrow extension: every attempt (accepted or not) for one webhook, newest first.
    router.add("GET", std::string(base) + "/{id}/calls", [&ctx](Request& req) {
        store::AlertCallQuery query;
        query.webhook_id = owned_webhook(ctx, req).id;
        return calls(ctx, req, query);
    });
    router.add("DELETE", std::string(base) + "/{id}", [&ctx](Request& req) {
        const auto id = require_uuid("id", req.path_param("id"));
        if (!ctx.repo.connect()->delete_webhook(req.caller.owner_id, id))
            throw Error(ErrorCode::not_found, fmt::format("no webhook {}", id));
        return Response::no_content();
    });
}

} // namespace furrow::api
