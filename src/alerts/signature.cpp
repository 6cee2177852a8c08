#include "alerts/signature.hpp"

#include "auth/base64.hpp"
#include "core/error.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace furrow::alerts {

std::string hmac_sha256(std::string_view key, std::string_view message) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    const auto* done = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    if (done == nullptr) throw Error(ErrorCode::internal, "alerts: HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string webhook_signature(std::string_view secret, std::string_view body) {
    return auth::base64_encode(hmac_sha256(secret, body));
}

} // namespace furrow::alerts
