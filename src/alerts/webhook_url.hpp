#pragma once
// Which URLs a webhook may post to. Checked when a webhook is registered and again before every
// delivery (the allow-list may have changed since), so furrow cannot be pointed at hosts the
// operator did not allow (FURROW_WEBHOOK_ALLOWED_HOSTS, docs/CONFIGURATION.md).
#include <string>
#include <string_view>
#include <vector>

namespace furrow::alerts {

struct WebhookUrl {
    std::string scheme; // "http" or "https", lower case
    std::string host;   // lower case; IPv6 without the brackets
    int port = 0;       // 0 = the scheme's default
};

// Throws Error(invalid_input, "url", ...) naming the problem: not http/https, no host,
// credentials in the URL, spaces or control characters, a bad port, or a host outside
// `allowed_hosts` (when that list is not empty; compared case-insensitively, exact names).
WebhookUrl check_webhook_url(std::string_view url, const std::vector<std::string>& allowed_hosts);

} // namespace furrow::alerts
