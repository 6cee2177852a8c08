#include "alerts/webhook_url.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace furrow::alerts {
namespace {

constexpr std::size_t max_url_length = 2048;

[[noreturn]] void reject(const std::string& why) { throw Error(ErrorCode::invalid_input, "url", "url: " + why); }

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

WebhookUrl check_webhook_url(std::string_view url, const std::vector<std::string>& allowed_hosts) {
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
    if (!allowed_hosts.empty() &&
        std::none_of(allowed_hosts.begin(), allowed_hosts.end(), [&](const std::string& h) { return iequals(h, out.host); }))
        reject(fmt::format("host '{}' is not in FURROW_WEBHOOK_ALLOWED_HOSTS", out.host));
    return out;
}

} // namespace furrow::alerts
