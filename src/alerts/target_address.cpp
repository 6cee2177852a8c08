#include "alerts/target_address.hpp"

#include "core/strings.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace furrow::alerts {
namespace {

// One dotted part as inet_aton reads it: "0x.." hex, "0.." octal, else decimal; at most 32 bits.
std::optional<std::uint64_t> parse_part(std::string_view part) {
    if (part.empty()) return std::nullopt;
    unsigned base = 10;
    if (part.size() > 1 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
        base = 16;
        part.remove_prefix(2);
        if (part.empty()) return std::nullopt;
    } else if (part.size() > 1 && part[0] == '0') {
        base = 8;
        part.remove_prefix(1);
    }
    std::uint64_t value = 0;
    for (const char c : part) {
        unsigned digit = 0;
        if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
        else return std::nullopt;
        if (digit >= base) return std::nullopt;
        value = value * base + digit;
        if (value > 0xFFFF'FFFFull) return std::nullopt;
    }
    return value;
}

bool in(const Ipv4& a, std::uint8_t b0, int prefix_bits, std::uint8_t b1 = 0, std::uint8_t b2 = 0) {
    const std::uint32_t value = (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) | a[3];
    const std::uint32_t net = (std::uint32_t{b0} << 24) | (std::uint32_t{b1} << 16) | (std::uint32_t{b2} << 8);
    const std::uint32_t mask = prefix_bits == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix_bits);
    return (value & mask) == (net & mask);
}

Ipv4 embedded_v4(const Ipv6& a, std::size_t at) { return {a[at], a[at + 1], a[at + 2], a[at + 3]}; }

bool zeros(const Ipv6& a, std::size_t from, std::size_t to) {
    return std::all_of(a.begin() + static_cast<std::ptrdiff_t>(from), a.begin() + static_cast<std::ptrdiff_t>(to),
                       [](std::uint8_t b) { return b == 0; });
}

} // namespace

std::string_view describe(AddressClass c) {
    switch (c) {
    case AddressClass::global: return "a public address";
    case AddressClass::loopback: return "a loopback address";
    case AddressClass::private_network: return "a private-network address";
    case AddressClass::link_local: return "a link-local address";
    case AddressClass::unique_local: return "a unique-local address";
    case AddressClass::multicast: return "a multicast address";
    case AddressClass::unspecified: return "an unspecified (this-host) address";
    case AddressClass::reserved: return "a reserved address";
    }
    return "an unknown address";
}

std::optional<Ipv4> parse_ipv4(std::string_view text) {
    std::vector<std::uint64_t> parts;
    while (true) {
        const auto dot = text.find('.');
        const auto part = parse_part(text.substr(0, dot));
        if (!part || parts.size() == 4) return std::nullopt;
        parts.push_back(*part);
        if (dot == std::string_view::npos) break;
        text.remove_prefix(dot + 1);
    }
    // Every part but the last is one byte; the last fills the 4 - (n - 1) bytes left.
    const std::size_t leading = parts.size() - 1;
    for (std::size_t part_idx = 0; part_idx < leading; ++part_idx)
        if (parts[part_idx] > 0xFF) return std::nullopt;
    const std::size_t tail_bytes = 4 - leading;
    if (tail_bytes < 4 && parts.back() >= (std::uint64_t{1} << (8 * tail_bytes))) return std::nullopt;
    std::uint32_t value = static_cast<std::uint32_t>(parts.back());
    for (std::size_t part_idx = 0; part_idx < leading; ++part_idx)
        value |= static_cast<std::uint32_t>(parts[part_idx]) << (8 * (3 - part_idx));
    return Ipv4{static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
                static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

AddressClass classify(const Ipv4& a) {
    if (in(a, 0, 8)) return AddressClass::unspecified;
    if (in(a, 127, 8)) return AddressClass::loopback;
    if (in(a, 10, 8) || in(a, 172, 12, 16) || in(a, 192, 16, 168) || in(a, 100, 10, 64)) return AddressClass::private_network;
    if (in(a, 169, 16, 254)) return AddressClass::link_local;
    if (in(a, 224, 4)) return AddressClass::multicast;
    if (in(a, 240, 4)) return AddressClass::reserved; // includes 255.255.255.255
    if (in(a, 192, 24, 0, 0) || in(a, 192, 24, 0, 2) || in(a, 192, 24, 88, 99) || in(a, 198, 15, 18) ||
        in(a, 198, 24, 51, 100) || in(a, 203, 24, 0, 113))
        return AddressClass::reserved;
    return AddressClass::global;
}

AddressClass classify(const Ipv6& a) {
    if (zeros(a, 0, 16)) return AddressClass::unspecified;
    if (zeros(a, 0, 15) && a[15] == 1) return AddressClass::loopback;
    if (zeros(a, 0, 10) && a[10] == 0xFF && a[11] == 0xFF) return classify(embedded_v4(a, 12)); // ::ffff:a.b.c.d
    if (zeros(a, 0, 8) && a[8] == 0xFF && a[9] == 0xFF && zeros(a, 10, 12)) return classify(embedded_v4(a, 12)); // SIIT
    if (zeros(a, 0, 12)) return classify(embedded_v4(a, 12)); // deprecated ::a.b.c.d
    if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B) { // NAT64
        if (zeros(a, 4, 12)) return classify(embedded_v4(a, 12));       // 64:ff9b::/96
        if (a[4] == 0 && a[5] == 1) return AddressClass::private_network; // 64:ff9b:1::/48, local use
    }
    if (a[0] == 0x20 && a[1] == 0x02) return classify(embedded_v4(a, 2)); // 6to4
    if (a[0] == 0x01 && zeros(a, 1, 8)) return AddressClass::reserved;     // 100::/64 discard
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] < 0x02) return AddressClass::reserved; // 2001::/23 incl. Teredo
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) return AddressClass::reserved; // documentation
    if (a[0] == 0x3F && a[1] == 0xFF && (a[2] & 0xF0) == 0) return AddressClass::reserved; // 3fff::/20 documentation
    if ((a[0] & 0xFE) == 0xFC) return AddressClass::unique_local;
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return AddressClass::link_local;
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) return AddressClass::private_network; // fec0::/10 site-local
    if (a[0] == 0xFF) return AddressClass::multicast;
    return AddressClass::global;
}

AddressClass classify(const sockaddr* address) {
    if (address == nullptr) return AddressClass::reserved;
    if (address->sa_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, address, sizeof v4);
        Ipv4 a{};
        std::memcpy(a.data(), &v4.sin_addr, 4);
        return classify(a);
    }
    if (address->sa_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, address, sizeof v6);
        Ipv6 a{};
        std::memcpy(a.data(), &v6.sin6_addr, 16);
        return classify(a);
    }
    return AddressClass::reserved;
}

std::optional<AddressClass> classify_host_literal(std::string_view host) {
    if (host.ends_with('.')) host.remove_suffix(1); // "127.0.0.1." and "localhost." resolve like their bare forms
    if (host == "localhost" || host.ends_with(".localhost")) return AddressClass::loopback;
    if (host.find(':') != std::string_view::npos) {
        Ipv6 a{};
        const std::string text(host);
        if (inet_pton(AF_INET6, text.c_str(), a.data()) != 1) return AddressClass::reserved; // zone ids and garbage
        return classify(a);
    }
    if (const auto v4 = parse_ipv4(host)) return classify(*v4);
    return std::nullopt;
}

bool TargetPolicy::host_listed(std::string_view host) const {
    return std::any_of(allowed_hosts.begin(), allowed_hosts.end(), [&](const std::string& h) { return iequals(h, host); });
}

bool TargetPolicy::permits(AddressClass c) const {
    switch (c) {
    case AddressClass::global: return true;
    case AddressClass::loopback:
    case AddressClass::private_network:
    case AddressClass::link_local:
    case AddressClass::unique_local: return allow_private_networks;
    case AddressClass::multicast:
    case AddressClass::unspecified:
    case AddressClass::reserved: return false;
    }
    return false;
}

std::string address_text(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address != nullptr && address->sa_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, address, sizeof v4);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    } else if (address != nullptr && address->sa_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, address, sizeof v6);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    } else {
        return "(not an IP address)";
    }
    return text;
}

} // namespace furrow::alerts
