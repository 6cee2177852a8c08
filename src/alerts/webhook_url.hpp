#pragma once
// Which URLs a webhook may post to. Checked when a webhook is registered and again before every
// delivery (the settings may have changed since), so furrow cannot be pointed at hosts the
// operator did not allow (FURROW_WEBHOOK_ALLOWED_HOSTS, FURROW_WEBHOOK_ALLOW_PRIVATE_NETWORKS,
// docs/CONFIGURATION.md). Names are resolved and checked again at connect time (http_post.hpp),
// since DNS may answer differently by then.
#include "alerts/target_address.hpp"

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
// credentials in the URL, spaces or control characters, a bad port, a host outside
// `policy.allowed_hosts` (when that list is not empty; compared case-insensitively, exact names),
// or an IP literal in any spelling (or `localhost`) whose address class the policy does not permit.
// Hosts named in the allow-list are trusted whatever their address. No DNS lookup here.
WebhookUrl check_webhook_url(std::string_view url, const TargetPolicy& policy);

// Registration: resolves a host name and refuses it (as above) when any address it has now is of a
// class the policy does not permit. A name that does not resolve is accepted: deliveries check
// again when they connect. No-op for allow-listed hosts.
void check_resolved_host(const WebhookUrl& url, const TargetPolicy& policy);

} // namespace furrow::alerts
