#pragma once
// Which network addresses a webhook may reach. A webhook URL is chosen by an API owner, so without
// this check furrow would connect to its own loopback, the cloud metadata service (169.254.169.254)
// or the operator's private network on the owner's behalf (SSRF). The classes follow the IANA
// special-purpose registries (RFC 6890 and its updates): everything that is not globally routed
// unicast has a class other than `global`.
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::alerts {

enum class AddressClass {
    global,          // routed on the internet
    loopback,        // 127/8, ::1
    private_network, // 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fec0::/10 (old site-local)
    link_local,      // 169.254/16 (cloud metadata lives here), fe80::/10
    unique_local,    // fc00::/7
    multicast,       // 224/4, ff00::/8
    unspecified,     // 0/8 ("this network"; 0.0.0.0 reaches the local host on Linux), ::
    reserved,        // broadcast, 240/4, documentation, benchmarking and other special-purpose blocks
};

std::string_view describe(AddressClass c);

using Ipv4 = std::array<std::uint8_t, 4>;
using Ipv6 = std::array<std::uint8_t, 16>;

// IPv4 in every spelling the C library's inet_aton (and so curl and getaddrinfo) accepts: one to four
// parts separated by dots, each decimal, octal (leading 0) or hex (0x); the last part fills the bytes
// left ("127.1" = 127.0.0.1, "2130706433" = 127.0.0.1, "0x7f.1", "0177.0.0.1", "0" = 0.0.0.0).
std::optional<Ipv4> parse_ipv4(std::string_view text);

AddressClass classify(const Ipv4& address);
// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
// (2002::/16) addresses are classified by the IPv4 address they carry.
AddressClass classify(const Ipv6& address);
// An AF_INET or AF_INET6 socket address; any other family is `reserved`.
AddressClass classify(const sockaddr* address);

// The class of `host` (a URL's host, lower case, IPv6 without brackets) when it is an IP literal in
// any spelling or a name that is the local host by definition (`localhost`, `*.localhost`, RFC 6761);
// nullopt for other names, which only DNS can answer.
std::optional<AddressClass> classify_host_literal(std::string_view host);

// Which targets the operator allows (docs/CONFIGURATION.md, FURROW_WEBHOOK_*).
struct TargetPolicy {
    std::vector<std::string> allowed_hosts; // when not empty: the only hosts allowed, and trusted whatever they resolve to
    bool allow_private_networks = false;    // loopback, private, link-local and unique-local addresses too

    bool host_listed(std::string_view host) const;
    // Multicast, unspecified and reserved addresses are never a webhook receiver.
    bool permits(AddressClass c) const;
};

// Printable form of a socket address ("127.0.0.1", "::1") for error messages.
std::string address_text(const sockaddr* address);

} // namespace furrow::alerts
