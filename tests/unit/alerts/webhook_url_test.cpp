#include "alerts/webhook_url.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

namespace furrow::alerts {
namespace {

const TargetPolicy open_policy{{}, true}; // the syntax checks alone

std::string rejection(std::string_view url, const TargetPolicy& policy = open_policy) {
    try {
        check_webhook_url(url, policy);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_input);
        EXPECT_EQ(e.parameter(), "url");
        return e.what();
    }
    return "";
}

} // namespace

TEST(WebhookUrl, accepts_http_and_https_with_host_port_and_path) {
    const auto u = check_webhook_url("HTTPS://Hooks.Example.com:8443/leaf?x=1", open_policy);
    EXPECT_EQ(u.scheme, "https");
    EXPECT_EQ(u.host, "hooks.example.com");
    EXPECT_EQ(u.port, 8443);
    const auto v6 = check_webhook_url("http://[::1]:9000/", open_policy);
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 9000);
    EXPECT_EQ(check_webhook_url("http://127.0.0.1", open_policy).port, 0);
}

TEST(WebhookUrl, names_what_is_wrong) {
    EXPECT_NE(rejection("ftp://example.com/x").find("scheme 'ftp'"), std::string::npos);
    EXPECT_NE(rejection("file:///etc/passwd").find("scheme 'file'"), std::string::npos);
    EXPECT_NE(rejection("http:///path").find("no host"), std::string::npos);
    EXPECT_NE(rejection("http://:80/").find("no host"), std::string::npos);
    EXPECT_NE(rejection("example.com/hook").find("not an absolute"), std::string::npos);
    EXPECT_NE(rejection("http://user:pw@example.com/").find("credentials"), std::string::npos);
    EXPECT_NE(rejection("http://example.com:99999/").find("bad port"), std::string::npos);
    EXPECT_NE(rejection("http://example.com:/").find("bad port"), std::string::npos);
    EXPECT_NE(rejection("http://exa mple.com/").find("spaces"), std::string::npos);
    EXPECT_NE(rejection("").find("required"), std::string::npos);
    EXPECT_NE(rejection("http://[::1/").find("IPv6"), std::string::npos);
}

TEST(WebhookUrl, allow_list_admits_only_the_listed_hosts) {
    const TargetPolicy allowed{{"hooks.example.com", "127.0.0.1"}, false}; // listed hosts are trusted
    EXPECT_NO_THROW(check_webhook_url("https://HOOKS.example.com/a", allowed));
    EXPECT_NO_THROW(check_webhook_url("http://127.0.0.1:8080/a", allowed));
    EXPECT_NE(rejection("http://localhost:8080/a", allowed).find("'localhost' is not in FURROW_WEBHOOK_ALLOWED_HOSTS"),
              std::string::npos);
    EXPECT_NE(rejection("https://evil.hooks.example.com/", allowed).find("not in"), std::string::npos);
}

TEST(WebhookUrl, refuses_internal_addresses_by_default_in_every_spelling) {
    const TargetPolicy strict;
    for (const char* url : {"http://127.0.0.1/", "http://localhost:8080/", "http://LOCALHOST./", "http://a.localhost/",
                            "http://[::1]/", "http://2130706433/", "http://0x7f000001/", "http://0x7f.1/",
                            "http://0177.0.0.1/", "http://127.1/", "http://0/", "http://0.0.0.0/",
                            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
                            "http://172.16.0.1/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/",
                            "http://[fd00::1]/", "http://[fe80::1]/", "http://[::]/", "http://224.0.0.1/",
                            "http://255.255.255.255/", "http://[fe80::1%25eth0]/", "http://127.0.0.1./"}) {
        const auto why = rejection(url, strict);
        EXPECT_NE(why.find("webhooks may not reach it"), std::string::npos) << url << ": " << why;
    }
    EXPECT_NE(rejection("http://2130706433/", strict).find("host '2130706433' is a loopback address"), std::string::npos);
    EXPECT_NO_THROW(check_webhook_url("https://93.184.216.34/hook", strict));
    EXPECT_NO_THROW(check_webhook_url("https://hooks.example.com/hook", strict)); // names are checked when resolved
}

TEST(WebhookUrl, the_private_network_opt_in_admits_private_but_never_unspecified_or_multicast) {
    const TargetPolicy opt_in{{}, true};
    EXPECT_NO_THROW(check_webhook_url("http://127.0.0.1:8080/", opt_in));
    EXPECT_NO_THROW(check_webhook_url("http://[fd00::1]/", opt_in));
    EXPECT_NO_THROW(check_webhook_url("http://10.1.2.3/", opt_in));
    EXPECT_NE(rejection("http://0.0.0.0/", opt_in).find("unspecified"), std::string::npos);
    EXPECT_NE(rejection("http://[ff02::1]/", opt_in).find("multicast"), std::string::npos);
}

TEST(WebhookUrl, a_name_resolving_to_loopback_is_refused_at_registration) {
    // check_webhook_url refuses "localhost" by name; here the resolver's answer (/etc/hosts) is what is refused.
    const auto url = check_webhook_url("http://localhost/", open_policy);
    EXPECT_NO_THROW(check_resolved_host(url, open_policy));
    try {
        check_resolved_host(url, TargetPolicy{});
        ADD_FAILURE() << "localhost was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("host 'localhost' (resolves to "), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(") is a loopback address"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(check_resolved_host(check_webhook_url("http://no-such-host.invalid/", open_policy), TargetPolicy{}));
}

} // namespace furrow::alerts
