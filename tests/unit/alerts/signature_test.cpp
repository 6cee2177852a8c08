#include "alerts/signature.hpp"

#include <gtest/gtest.h>

namespace furrow::alerts {
namespace {

std::string hex(const std::string& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : bytes) out += {digits[c >> 4], digits[c & 15]};
    return out;
}

} // namespace

// RFC 4231 §4.3, test case 2.
TEST(WebhookSignature, hmac_sha256_matches_rfc4231_test_case_2) {
    EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// The same digest, base64 (standard alphabet, padded) as the X-Leaf-Signature header carries it;
// the value was computed with Python's base64.b64encode.
TEST(WebhookSignature, is_the_base64_of_the_digest) {
    EXPECT_EQ(webhook_signature("Jefe", "what do ya want for nothing?"), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
}

TEST(WebhookSignature, depends_on_every_byte_of_the_body) {
    EXPECT_NE(webhook_signature("k", R"({"a": 1})"), webhook_signature("k", R"({"a":1})"));
}

} // namespace furrow::alerts
