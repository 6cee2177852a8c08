#include "core/hmac.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace furrow {

std::string hmac_sha256(std::string_view key, std::string_view message) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int out_len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), out, &out_len);
    return std::string(reinterpret_cast<const char*>(out), out_len);
}

} // namespace furrow
