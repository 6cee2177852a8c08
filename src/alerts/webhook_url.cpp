#include "alerts/webhook_url.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <charconv>
#include <optional>

namespace furrow::alerts {
namespace {

constexpr std::size_t max_url_length = 2048; // docs/API.md "Limits"

[[noreturn]] void reject(const std::string& why) { throw Error(ErrorCode::invalid_input, "url", "url: " + why); }

// `what` names the host, and the address it resolved to when it was a name.
[[noreturn]] void refuse_class(const std::string& what, AddressClass kind) {
    reject(fmt::format("{} is {}; webhooks may not reach it unless the operator allows it "
                       "(FURROW_WEBHOOK_ALLOWED_HOSTS or FURROW_WEBHOOK_ALLOW_PRIVATE_NETWORKS)",
                       what, describe(kind)));
}

std::string shown(std::string_view url) { return std::string(url.substr(0, 200)); }

// "host", "host:port", "[v6]" or "[v6]:port" -> host and port.
void split_host_port(std::string_view authority, WebhookUrl& out) {
    std::optional<std::string_view> port_text; // set when a ':' follows the host, even if nothing follows it
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) reject("unterminated [IPv6] host");
        out.host = std::string(authority.substr(1, close - 1));
        const auto rest = authority.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) reject("unexpected text after the [IPv6] host");
        if (!rest.empty()) port_text = rest.substr(1);
    } else {
        const auto colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    out.host = to_lower(out.host);
    if (out.host.empty()) reject("no host");
    if (out.host.find_first_of(":") != std::string::npos && !authority.starts_with('['))
        reject("an IPv6 host must be written in brackets");
    if (!port_text) return;
    int port = 0;
    const auto* end = port_text->data() + port_text->size();
    const auto [ptr, ec] = std::from_chars(port_text->data(), end, port);
    if (ec != std::errc() || ptr != end || port < 1 || port > 65535) reject(fmt::format("bad port '{}'", *port_text));
    out.port = port;
}

} // namespace

WebhookUrl check_webhook_url(std::string_view url, const TargetPolicy& policy) {
    if (url.empty()) reject("required");
    if (url.size() > max_url_length) reject(fmt::format("longer than {} characters", max_url_length));
    if (std::any_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; }))
        reject("contains spaces or control characters");
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) reject(fmt::format("'{}' is not an absolute http or https URL", shown(url)));
    WebhookUrl out;
    out.scheme = to_lower(url.substr(0, scheme_end));
    if (out.scheme != "http" && out.scheme != "https")
        reject(fmt::format("scheme '{}' is not allowed (only http and https)", out.scheme.substr(0, 20)));
    const auto rest = url.substr(scheme_end + 3);
    const auto authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos) reject("credentials in the URL are not allowed; use the secret");
    split_host_port(authority, out);
    if (policy.host_listed(out.host)) return out;
    if (!policy.allowed_hosts.empty()) reject(fmt::format("host '{}' is not in FURROW_WEBHOOK_ALLOWED_HOSTS", out.host));
    if (const auto kind = classify_host_literal(out.host); kind && !policy.permits(*kind)) refuse_class(fmt::format("host '{}'", out.host), *kind);
    return out;
}

void check_resolved_host(const WebhookUrl& url, const TargetPolicy& policy) {
    if (policy.host_listed(url.host)) return;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(url.host.c_str(), nullptr, &hints, &found) != 0) return;
    const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, &freeaddrinfo);
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        const auto kind = classify(a->ai_addr);
        if (!policy.permits(kind)) 
            refuse_class(fmt::format("host '{}' (resolves to {})", url.host, address_text(a->ai_addr)), kind);
    }
}

} // namespace furrow::alerts
