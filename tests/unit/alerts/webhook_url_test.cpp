#include "alerts/webhook_url.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

namespace furrow::alerts {
namespace {

std::string rejection(std::string_view url, const std::vector<std::string>& allowed = {}) {
    try {
        check_webhook_url(url, allowed);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_input);
        EXPECT_EQ(e.parameter(), "url");
        return e.what();
    }
    return "";
}

} // namespace

TEST(WebhookUrl, accepts_http_and_https_with_host_port_and_path) {
    const auto u = check_webhook_url("HTTPS://Hooks.Example.com:8443/leaf?x=1", {});
    EXPECT_EQ(u.scheme, "https");
    EXPECT_EQ(u.host, "hooks.example.com");
    EXPECT_EQ(u.port, 8443);
    const auto v6 = check_webhook_url("http://[::1]:9000/", {});
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 9000);
    EXPECT_EQ(check_webhook_url("http://127.0.0.1", {}).port, 0);
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
    const std::vector<std::string> allowed = {"hooks.example.com", "127.0.0.1"};
    EXPECT_NO_THROW(check_webhook_url("https://HOOKS.example.com/a", allowed));
    EXPECT_NO_THROW(check_webhook_url("http://127.0.0.1:8080/a", allowed));
    EXPECT_NE(rejection("http://localhost:8080/a", allowed).find("'localhost' is not in FURROW_WEBHOOK_ALLOWED_HOSTS"),
              std::string::npos);
    EXPECT_NE(rejection("https://evil.hooks.example.com/", allowed).find("not in"), std::string::npos);
}

} // namespace furrow::alerts
