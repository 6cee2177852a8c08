#pragma once
// HMAC-SHA256 (OpenSSL), shared by JWT signing (src/auth) and S3 SigV4 (src/store/blobs/s3).
#include <string>
#include <string_view>

namespace furrow {

// The raw 32-byte MAC of `message` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view message);

} // namespace furrow
