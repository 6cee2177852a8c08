#include "alerts/events.hpp"

#include "core/error.hpp"
#include "core/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace furrow::alerts {
namespace {

// Leaf's documented names first (original list, later additions, S2's EventDto enum), then
// furrow's extensions. `emitted` says which furrow sends today; operation and field events are
// sent once those resources exist (the engines call record_event).
constexpr std::array<EventInfo, 40> events = {{
    {"credentialsLimitedPermission", false, false},
    {"credentialsUnauthenticated", false, false},
    {"fieldCreated", false, true},
    {"fieldUpdated", false, true},
    {"fieldBoundaryCreated", false, true},
    {"fieldBoundaryUpdated", false, true},
    {"fieldBoundaryDeleted", false, true},
    {"mergedFieldCreated", false, false},
    {"mergedFieldUpdated", false, false},
    {"uploadedFileProcessingFinished", false, true},
    {"uploadedFileProcessingFailed", false, true},
    {"providerFileProcessingFinished", false, false},
    {"providerFileProcessingFailed", false, false},
    {"mergedFileProcessingFinished", false, true},
    {"mergedFileProcessingFailed", false, true},
    {"automergedFileProcessingFinished", false, true},
    {"automergedFileProcessingFailed", false, true},
    {"batchUploadProcessingFinished", false, true},
    {"operationCreated", false, true},
    {"operationUpdated", false, true},
    {"operationProcessingFinished", false, true},
    {"operationProcessingFailed", false, true},
    {"newSatelliteImage", false, false},
    {"satelliteSubscriptionFailed", false, false},
    {"newIrrigationActivity", false, false},
    {"newFieldIrrigationActivity", false, false},
    {"machineCreated", false, false},
    {"machineUpdated", false, false},
    {"machineDeleted", false, false},
    {"implementCreated", false, false},
    {"implementUpdated", false, false},
    {"operatorCreated", false, false},
    {"operatorUpdated", false, false},
    {"workflowProcessingFinished", false, false},
    {"workflowProcessingFailed", false, false},
    {"providerOrganizationCreated", false, false},
    {"providerOrganizationBlocked", false, false},
    {"providerOrganizationRemoved", false, false},
    {"batchUploadReceived", true, true},
    {"fileCreated", true, true},
}};

} // namespace

std::span<const EventInfo> all_events() { return events; }

const EventInfo* find_event(std::string_view name) {
    const auto it = std::find_if(events.begin(), events.end(), [&](const EventInfo& e) { return e.name == name; });
    return it == events.end() ? nullptr : &*it;
}

std::string file_event_type(store::FileOrigin origin, bool failed) {
    const std::string name = fmt::format("{}FileProcessing{}", store::to_string(origin), failed ? "Failed" : "Finished");
    if (find_event(name) == nullptr)
        throw Error(ErrorCode::internal, fmt::format("alerts: no file event for origin '{}'", store::to_string(origin)));
    return name;
}

std::string event_timestamp(std::chrono::system_clock::time_point t) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    std::string text = format_iso8601(us / 1000); // "...SS.mmmZ"
    text.resize(text.size() - 4);                 // "...SS."
    return text + fmt::format("{:06}Z", us % 1'000'000);
}

} // namespace furrow::alerts
