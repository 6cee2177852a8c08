#pragma once
// Password hashing with PBKDF2-HMAC-SHA256 (OpenSSL). Stored form:
//   pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>
// The iteration count is stored, so it can be raised later without breaking old hashes.
#include <string>
#include <string_view>

namespace furrow::auth {

inline constexpr int default_pbkdf2_iterations = 210'000; // OWASP 2023 figure for PBKDF2-HMAC-SHA256

std::string hash_password(std::string_view password, int iterations = default_pbkdf2_iterations);
bool verify_password(std::string_view password, std::string_view stored);

} // namespace furrow::auth
