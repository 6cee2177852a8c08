#pragma once
// The alert events: Leaf's names (contract-facts.md §11 "Event names") plus a few furrow extensions
// for moments Leaf has no event for. THE list; docs/ALERTS.md describes each payload and a unit
// test checks that the doc names every event here.
#include "store/statuses.hpp"

#include <chrono>
#include <span>
#include <string>
#include <string_view>

namespace furrow::alerts {

struct EventInfo {
    std::string_view name;
    bool extension; // a furrow event Leaf does not have
    bool emitted;   // furrow sends it today (the rest may be registered, for Leaf clients, but never fire)
};

std::span<const EventInfo> all_events();
const EventInfo* find_event(std::string_view name);

// Names of events furrow emits, so call sites do not spell them twice.
namespace event {
inline constexpr const char* batch_received = "batchUploadReceived";      // extension
inline constexpr const char* batch_finished = "batchUploadProcessingFinished";
inline constexpr const char* file_created = "fileCreated";                // extension
inline constexpr const char* operation_created = "operationCreated";
inline constexpr const char* operation_updated = "operationUpdated";
inline constexpr const char* operation_finished = "operationProcessingFinished";
inline constexpr const char* operation_failed = "operationProcessingFailed";
inline constexpr const char* field_created = "fieldCreated";
inline constexpr const char* field_updated = "fieldUpdated";
inline constexpr const char* field_boundary_created = "fieldBoundaryCreated";
inline constexpr const char* field_boundary_updated = "fieldBoundaryUpdated";
inline constexpr const char* field_boundary_deleted = "fieldBoundaryDeleted";
} // namespace event

// "<origin>FileProcessingFinished|Failed" for a machine file's origin (its wire spelling), so files
// of every origin get their Leaf name; an origin with no such event is a bug (internal).
std::string file_event_type(store::FileOrigin origin, bool failed);

// "2023-04-21T12:16:27.997586Z": UTC with microseconds, as Leaf's alert payloads.
std::string event_timestamp(std::chrono::system_clock::time_point t);

} // namespace furrow::alerts
