#pragma once
// SHA-256 (OpenSSL EVP) fed piece by piece, so large inputs are hashed without holding them whole.
#include <memory>
#include <string>
#include <string_view>

namespace furrow {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    // Lower-case hex of the digest; the hasher cannot be fed afterwards.
    std::string hex_digest();

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

} // namespace furrow
