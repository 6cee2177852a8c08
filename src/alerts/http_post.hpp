#pragma once
// One webhook POST over libcurl. No redirects are followed (a redirect could lead past the target
// checks); only http and https; no proxy from the environment (the address checked must be the one
// connected to); connect and total time bounded, so a slow or dead receiver costs a delivery thread
// at most `timeout_ms`. Every address curl is about to connect to is checked against the policy at
// that moment (DNS may have changed since registration), so the connection is pinned to an address
// that passed. The receiver's answer body is read and dropped: the delivery log keeps its status
// code, the time taken and the error, never the content (which may come from an internal service).
#include "alerts/target_address.hpp"
#include "store/records.hpp"

#include <string>
#include <utility>
#include <vector>

namespace furrow::alerts {

struct HttpPost {
    std::string url;
    std::string host; // the URL's host as check_webhook_url read it (allow-listed hosts skip the address check)
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // besides Content-Type: application/json
    long timeout_ms = 10'000;
    TargetPolicy policy;
};

// Never throws for network or HTTP failures: they are the outcome (http_status 0 + connection_error).
store::AlertAttempt post_json(const HttpPost& request);

} // namespace furrow::alerts
