#include "auth/password.hpp"

#include <gtest/gtest.h>

namespace furrow::auth {

TEST(Password, verifies_the_right_password_only) {
    const auto stored = hash_password("correct horse", 1000);
    EXPECT_TRUE(verify_password("correct horse", stored));
    EXPECT_FALSE(verify_password("correct horsE", stored));
    EXPECT_FALSE(verify_password("", stored));
}

TEST(Password, salts_every_hash) { EXPECT_NE(hash_password("same", 1000), hash_password("same", 1000)); }

TEST(Password, stores_algorithm_and_iterations) {
    EXPECT_TRUE(hash_password("x", 1234).starts_with("pbkdf2-sha256$1234$"));
    EXPECT_TRUE(hash_password("x").starts_with("pbkdf2-sha256$210000$"));
}

TEST(Password, rejects_malformed_stored_hashes) {
    EXPECT_FALSE(verify_password("x", ""));
    EXPECT_FALSE(verify_password("x", "md5$1$a$b"));
    EXPECT_FALSE(verify_password("x", "pbkdf2-sha256$0$AAAA$AAAA"));
    EXPECT_FALSE(verify_password("x", "pbkdf2-sha256$99999999999$AAAA$AAAA"));
    EXPECT_FALSE(verify_password("x", "pbkdf2-sha256$10$!!$AAAA"));
}

// RFC 7914 §11 test vector for PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64; first 32 bytes: 55ac046e...)
TEST(Password, matches_the_published_pbkdf2_sha256_vector) {
    const std::string stored = "pbkdf2-sha256$1$c2FsdA==$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=";
    EXPECT_TRUE(verify_password("passwd", stored));
}

} // namespace furrow::auth
