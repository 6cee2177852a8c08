#include "alerts/target_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

#include <cstring>

namespace furrow::alerts {
namespace {

// The C library's own reading of the same text, as the independent reference for parse_ipv4.
std::optional<Ipv4> libc_reading(const char* text) {
    in_addr a{};
    if (inet_aton(text, &a) == 0) return std::nullopt;
    Ipv4 out{};
    std::memcpy(out.data(), &a, 4);
    return out;
}

AddressClass of(const char* host) {
    const auto c = classify_host_literal(host);
    EXPECT_TRUE(c.has_value()) << host;
    return c.value_or(AddressClass::global);
}

} // namespace

TEST(TargetAddress, parses_every_ipv4_spelling_the_c_library_accepts) {
    for (const char* text : {"127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0X7F000001", "0x7f.1",
                             "0177.0.0.1", "0177.1", "017700000001", "0", "0x0", "00", "169.254.169.254",
                             "0xa9fea9fe", "2852039166", "10.0.0.1", "255.255.255.255", "1.2.3.4", "0x7f.0.0.0x1"}) {
        const auto ours = parse_ipv4(text);
        const auto libc = libc_reading(text);
        ASSERT_TRUE(libc.has_value()) << text;
        ASSERT_TRUE(ours.has_value()) << text;
        EXPECT_EQ(*ours, *libc) << text;
    }
    for (const char* text : {"", ".", "1.", ".1", "1..2", "256.1.1.1", "1.2.3.4.5", "4294967296", "08", "0x1g",
                             "1.2.3.256", "1.65536.1", "example.com", "127.0.0.1x", "0x", "-1"}) {
        const auto libc = libc_reading(text);
        const auto ours = parse_ipv4(text);
        // "0x" is 0 for glibc's inet_aton; we refuse it (it is then a name, and still checked at connect).
        if (std::string_view(text) != "0x") {
            EXPECT_EQ(ours.has_value(), libc.has_value()) << text;
        }
        EXPECT_FALSE(ours.has_value()) << text;
    }
}

TEST(TargetAddress, classifies_ipv4_blocks) {
    EXPECT_EQ(of("127.0.0.1"), AddressClass::loopback);
    EXPECT_EQ(of("127.255.255.254"), AddressClass::loopback);
    EXPECT_EQ(of("127.1"), AddressClass::loopback);
    EXPECT_EQ(of("2130706433"), AddressClass::loopback);
    EXPECT_EQ(of("0x7f000001"), AddressClass::loopback);
    EXPECT_EQ(of("017700000001"), AddressClass::loopback);
    EXPECT_EQ(of("0"), AddressClass::unspecified);
    EXPECT_EQ(of("0.0.0.0"), AddressClass::unspecified);
    EXPECT_EQ(of("0.1.2.3"), AddressClass::unspecified);
    EXPECT_EQ(of("10.255.0.1"), AddressClass::private_network);
    EXPECT_EQ(of("172.16.0.1"), AddressClass::private_network);
    EXPECT_EQ(of("172.31.255.255"), AddressClass::private_network);
    EXPECT_EQ(of("172.32.0.1"), AddressClass::global);
    EXPECT_EQ(of("172.15.255.255"), AddressClass::global);
    EXPECT_EQ(of("192.168.0.1"), AddressClass::private_network);
    EXPECT_EQ(of("100.64.0.1"), AddressClass::private_network);
    EXPECT_EQ(of("100.128.0.1"), AddressClass::global);
    EXPECT_EQ(of("169.254.169.254"), AddressClass::link_local);
    EXPECT_EQ(of("2852039166"), AddressClass::link_local);
    EXPECT_EQ(of("224.0.0.1"), AddressClass::multicast);
    EXPECT_EQ(of("239.255.255.250"), AddressClass::multicast);
    EXPECT_EQ(of("240.0.0.1"), AddressClass::reserved);
    EXPECT_EQ(of("255.255.255.255"), AddressClass::reserved);
    EXPECT_EQ(of("192.0.2.1"), AddressClass::reserved);
    EXPECT_EQ(of("198.18.0.1"), AddressClass::reserved);
    EXPECT_EQ(of("198.51.100.7"), AddressClass::reserved);
    EXPECT_EQ(of("203.0.113.9"), AddressClass::reserved);
    EXPECT_EQ(of("8.8.8.8"), AddressClass::global);
    EXPECT_EQ(of("93.184.216.34"), AddressClass::global);
}

TEST(TargetAddress, classifies_ipv6_and_the_ipv4_it_carries) {
    EXPECT_EQ(of("::1"), AddressClass::loopback);
    EXPECT_EQ(of("0:0:0:0:0:0:0:1"), AddressClass::loopback);
    EXPECT_EQ(of("::"), AddressClass::unspecified);
    EXPECT_EQ(of("::ffff:127.0.0.1"), AddressClass::loopback);
    EXPECT_EQ(of("::ffff:7f00:1"), AddressClass::loopback);
    EXPECT_EQ(of("::ffff:169.254.169.254"), AddressClass::link_local);
    EXPECT_EQ(of("::ffff:0:10.0.0.1"), AddressClass::private_network);
    EXPECT_EQ(of("::127.0.0.1"), AddressClass::loopback);
    EXPECT_EQ(of("64:ff9b::a9fe:a9fe"), AddressClass::link_local);
    EXPECT_EQ(of("64:ff9b::808:808"), AddressClass::global);
    EXPECT_EQ(of("2002:7f00:1::1"), AddressClass::loopback);
    EXPECT_EQ(of("2002:808:808::1"), AddressClass::global);
    EXPECT_EQ(of("fd00::1"), AddressClass::unique_local);
    EXPECT_EQ(of("fc00::1"), AddressClass::unique_local);
    EXPECT_EQ(of("fe80::1"), AddressClass::link_local);
    EXPECT_EQ(of("febf::1"), AddressClass::link_local);
    EXPECT_EQ(of("fec0::1"), AddressClass::private_network);
    EXPECT_EQ(of("ff02::1"), AddressClass::multicast);
    EXPECT_EQ(of("2001:db8::1"), AddressClass::reserved);
    EXPECT_EQ(of("100::1"), AddressClass::reserved);
    EXPECT_EQ(of("fe80::1%eth0"), AddressClass::reserved); // zone ids are not a webhook target
    EXPECT_EQ(of("2606:4700:4700::1111"), AddressClass::global);
    EXPECT_EQ(of("2a00:1450:4001::200e"), AddressClass::global);
}

TEST(TargetAddress, names_the_local_host_by_definition_and_leaves_other_names_to_dns) {
    EXPECT_EQ(of("localhost"), AddressClass::loopback);
    EXPECT_EQ(of("localhost."), AddressClass::loopback);
    EXPECT_EQ(of("api.localhost"), AddressClass::loopback);
    EXPECT_EQ(of("127.0.0.1."), AddressClass::loopback);
    EXPECT_FALSE(classify_host_literal("hooks.example.com"));
    EXPECT_FALSE(classify_host_literal("localhost.example.com"));
    EXPECT_FALSE(classify_host_literal("cafe"));
}

TEST(TargetAddress, classifies_socket_addresses) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    inet_pton(AF_INET, "169.254.169.254", &v4.sin_addr);
    EXPECT_EQ(classify(reinterpret_cast<const sockaddr*>(&v4)), AddressClass::link_local);
    EXPECT_EQ(address_text(reinterpret_cast<const sockaddr*>(&v4)), "169.254.169.254");
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
    EXPECT_EQ(classify(reinterpret_cast<const sockaddr*>(&v6)), AddressClass::loopback);
    EXPECT_EQ(address_text(reinterpret_cast<const sockaddr*>(&v6)), "::ffff:127.0.0.1");
}

TEST(TargetAddress, policy_permits_private_classes_only_with_the_opt_in) {
    const TargetPolicy strict;
    const TargetPolicy opt_in{{}, true};
    EXPECT_TRUE(strict.permits(AddressClass::global));
    for (const auto c : {AddressClass::loopback, AddressClass::private_network, AddressClass::link_local,
                         AddressClass::unique_local}) {
        EXPECT_FALSE(strict.permits(c));
        EXPECT_TRUE(opt_in.permits(c));
    }
    for (const auto c : {AddressClass::multicast, AddressClass::unspecified, AddressClass::reserved}) {
        EXPECT_FALSE(strict.permits(c));
        EXPECT_FALSE(opt_in.permits(c));
    }
    EXPECT_TRUE(TargetPolicy({{"Hooks.Internal"}, false}).host_listed("hooks.internal"));
}

} // namespace furrow::alerts
