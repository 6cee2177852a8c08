#include "auth/base64.hpp"
#include "auth/jwt.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace furrow::auth {
namespace {

TokenClaims claims_at(TimeMs now) { return {"ann@example.com", "owner-1", now, now + 3'600'000, ""}; }

} // namespace

TEST(Jwt, signed_token_verifies_and_keeps_claims) {
    const TimeMs now = 1'700'000'000'000;
    const auto token = sign_token(claims_at(now), "secret");
    const auto claims = verify_token(token, "secret", now + 1000);
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->subject, "ann@example.com");
    EXPECT_EQ(claims->owner_id, "owner-1");
    EXPECT_EQ(claims->expires_at, now + 3'600'000);
}

TEST(Jwt, payload_has_the_leaf_claims) {
    const auto token = sign_token(claims_at(1'700'000'000'000), "secret");
    const auto first = token.find('.'), second = token.find('.', first + 1);
    const auto payload = nlohmann::json::parse(*base64url_decode(token.substr(first + 1, second - first - 1)));
    EXPECT_EQ(payload["sub"], "ann@example.com");
    EXPECT_EQ(payload["auth"], "ROLE_USER");
    EXPECT_EQ(payload["exp"].get<long long>() - payload["iat"].get<long long>(), 3600);
}

TEST(Jwt, rejects_expired_tampered_and_foreign_tokens) {
    const TimeMs now = 1'700'000'000'000;
    const auto token = sign_token(claims_at(now), "secret");
    EXPECT_FALSE(verify_token(token, "secret", now + 3'600'000));
    EXPECT_FALSE(verify_token(token, "other-secret", now));
    auto tampered = token;
    tampered[token.find('.') + 3] ^= 1;
    EXPECT_FALSE(verify_token(tampered, "secret", now));
    EXPECT_FALSE(verify_token("not-a-token", "secret", now));
    EXPECT_FALSE(verify_token("a.b.c.d", "secret", now));
    EXPECT_FALSE(verify_token("", "secret", now));
}

TEST(Jwt, rejects_alg_none_even_with_matching_shape) {
    const std::string header = base64url_encode(R"({"alg":"none","typ":"JWT"})");
    const std::string payload = base64url_encode(R"({"sub":"x","oid":"y","exp":99999999999})");
    EXPECT_FALSE(verify_token(header + "." + payload + ".", "secret", 0));
}

TEST(Base64, round_trips_every_length) {
    std::string bytes;
    for (int n = 0; n < 40; ++n) {
        EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
        EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
        bytes.push_back(static_cast<char>(n * 37));
    }
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_FALSE(base64url_decode("a$b"));
}

} // namespace furrow::auth

namespace furrow::auth {

TEST(Jwt, scope_round_trips_and_is_absent_on_api_tokens) {
    TokenClaims link{"ann@example.com", "owner-1", 1000, 3'600'000, "/services/operations/api/files/x"};
    const auto back = verify_token(sign_token(link, "s3cret"), "s3cret", 2000);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->scope, link.scope);
    TokenClaims api{"ann@example.com", "owner-1", 1000, 3'600'000, ""};
    const auto plain = verify_token(sign_token(api, "s3cret"), "s3cret", 2000);
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->scope.empty());
}

} // namespace furrow::auth

namespace furrow::auth {

TEST(Jwt, token_generation_round_trips_and_is_zero_when_absent) {
    TokenClaims claims{"ann@example.com", "owner-1", 1000, 3'600'000, "", 7};
    const auto back = verify_token(sign_token(claims, "s3cret"), "s3cret", 2000);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->generation, 7);
    claims.generation = 0; // tokens from before revocation existed have no "gen": generation 0
    const auto token = sign_token(claims, "s3cret");
    const auto first = token.find('.'), second = token.find('.', first + 1);
    const auto payload = nlohmann::json::parse(*base64url_decode(token.substr(first + 1, second - first - 1)));
    EXPECT_FALSE(payload.contains("gen"));
    EXPECT_EQ(verify_token(token, "s3cret", 2000)->generation, 0);
}

} // namespace furrow::auth
