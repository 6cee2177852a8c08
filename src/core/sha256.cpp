#include "core/sha256.hpp"

#include "core/error.hpp"

#include <openssl/evp.h>

namespace furrow {

struct Sha256::Context {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>()) {
    if (!m_context->md || EVP_DigestInit_ex(m_context->md, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::internal, "sha256: cannot initialise OpenSSL's digest");
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
    if (EVP_DigestUpdate(m_context->md, bytes.data(), bytes.size()) != 1)
        throw Error(ErrorCode::internal, "sha256: digest update failed");
}

std::string Sha256::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context->md, digest, &length) != 1)
        throw Error(ErrorCode::internal, "sha256: digest final failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int byte_idx = 0; byte_idx < length; ++byte_idx) {
        out += hex[digest[byte_idx] >> 4];
        out += hex[digest[byte_idx] & 0x0f];
    }
    return out;
}

} // namespace furrow
