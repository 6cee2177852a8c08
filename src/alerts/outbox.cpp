#include "alerts/outbox.hpp"

#include "alerts/events.hpp"
#include "alerts/python_json.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

#include <fmt/format.h>

namespace furrow::alerts {
namespace {

inline constexpr const char* confirmation_type = "confirmation";

void queue(store::Session& db, const std::string& owner_id, const std::string& webhook_id, const std::string& type,
           const std::string& event_id, const std::string& body) {
    db.insert_alert_delivery({event_id, owner_id, webhook_id, type, body}, now_ms());
}

} // namespace

std::string event_body(const nlohmann::json& payload, const std::string& type, const std::string& timestamp,
                       const std::string& event_id) {
    nlohmann::ordered_json body = nlohmann::ordered_json::object();
    for (const auto& [key, value] : payload.items()) body[key] = nlohmann::ordered_json::parse(value.dump());
    body["type"] = type;
    body["timestamp"] = timestamp;
    body["eventId"] = event_id;
    return python_json_dumps(body);
}

void record_event(store::Session& db, const std::string& owner_id, const std::string& type, nlohmann::json payload) {
    if (find_event(type) == nullptr) throw Error(ErrorCode::internal, fmt::format("alerts: unknown event '{}'", type));
    if (payload.is_null()) payload = nlohmann::json::object(); // `{}` in a call builds null
    if (!payload.is_object()) throw Error(ErrorCode::internal, fmt::format("alerts: {}: payload is not an object", type));
    const auto hook = db.webhook_for_event(owner_id, type);
    if (!hook) return; // nobody listens: nothing to keep
    const std::string event_id = new_uuid();
    const std::string body = event_body(payload, type, event_timestamp(std::chrono::system_clock::now()), event_id);
    queue(db, owner_id, hook->id, type, event_id, body);
}

void record_confirmation(store::Session& db, const store::Webhook& hook) {
    // Leaf's body is just the message; furrow adds eventId like every body it sends.
    const std::string event_id = new_uuid();
    nlohmann::ordered_json body = {{"message", "confirmation of webhook upon registration"}, {"eventId", event_id}};
    queue(db, hook.owner_id, hook.id, confirmation_type, event_id, python_json_dumps(body));
}

void record_file_outcome(store::Session& db, const store::MachineFile& file, const std::optional<std::string>& failure) {
    nlohmann::json payload = {{"fileId", file.id}, {"leafUserId", file.leaf_user_id}};
    if (!file.batch_id.empty()) payload["batchId"] = file.batch_id;
    if (failure) payload["message"] = *failure;
    record_event(db, file.owner_id, file_event_type(file.origin, failure.has_value()), std::move(payload));
}

} // namespace furrow::alerts
