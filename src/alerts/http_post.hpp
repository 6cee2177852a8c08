#pragma once
// One webhook POST over libcurl. No redirects are followed (a redirect could lead past the host
// allow-list); only http and https; connect and total time bounded, so a slow or dead receiver
// costs a delivery thread at most `timeout_ms`.
#include "store/records.hpp"

#include <string>
#include <utility>
#include <vector>

namespace furrow::alerts {

struct HttpPost {
    std::string url;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // besides Content-Type: application/json
    long timeout_ms = 10'000;
};

inline constexpr std::size_t max_logged_response = 4096; // bytes of the answer kept in the delivery log

// Never throws for network or HTTP failures: they are the outcome (http_status 0 + connection_error).
store::AlertAttempt post_json(const HttpPost& request);

} // namespace furrow::alerts
