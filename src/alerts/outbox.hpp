#pragma once
// Recording alert events: the producer side of the durable outbox (docs/ALERTS.md).
//
// Call record_event INSIDE the transaction that makes the change it reports, on the same
// Session: the outbox row then commits (or rolls back) with the change, so an event is never lost
// nor sent for a change that did not happen. Delivery happens later, on the DeliveryLoop's threads.
#include "store/records.hpp"
#include "store/repository.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace furrow::alerts {

// Adds `type`, `timestamp` (UTC, microseconds) and `eventId` (a new UUID, for de-duplication) to
// `payload` and queues it for the owner's webhook of that event, if there is one. `type` must be
// a name of alerts/events.hpp (Error(internal) otherwise: a programming error).
void record_event(store::Session& db, const std::string& owner_id, const std::string& type, nlohmann::json payload);

// The message Leaf posts right after a webhook is registered; queued like an event.
void record_confirmation(store::Session& db, const store::Webhook& hook);

// A machine file reached processed/failed: "<origin>FileProcessingFinished|Failed"
// {fileId, leafUserId[, message]} (plus batchId when it came from a batch).
void record_file_outcome(store::Session& db, const store::MachineFile& file, const std::optional<std::string>& failure);

// The exact body for an event: payload members (in key order), then type, timestamp, eventId;
// serialized as Python's json.dumps. Exposed for the tests.
std::string event_body(const nlohmann::json& payload, const std::string& type, const std::string& timestamp,
                       const std::string& event_id);

} // namespace furrow::alerts
