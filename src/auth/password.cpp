#include "auth/password.hpp"

#include "auth/base64.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>

namespace furrow::auth {
namespace {

std::string derive(std::string_view password, std::string_view salt, int iterations) {
    std::string out(32, '\0');
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                          iterations, EVP_sha256(), static_cast<int>(out.size()),
                          reinterpret_cast<unsigned char*>(out.data())) != 1)
        throw Error(ErrorCode::internal, "auth: PBKDF2 failed");
    return out;
}

} // namespace

std::string hash_password(std::string_view password, int iterations) {
    std::string salt(16, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1)
        throw Error(ErrorCode::internal, "auth: random generator failed");
    return fmt::format("pbkdf2-sha256${}${}${}", iterations, base64_encode(salt),
                       base64_encode(derive(password, salt, iterations)));
}

bool verify_password(std::string_view password, std::string_view stored) {
    const auto parts = split(stored, '$');
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
    int iterations = 0;
    const auto [ptr, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
    if (ec != std::errc() || iterations < 1 || iterations > 10'000'000) return false;
    const auto salt = base64_decode(parts[2]);
    const auto expected = base64_decode(parts[3]);
    if (!salt || !expected || expected->empty()) return false;
    const std::string actual = derive(password, *salt, iterations);
    return actual.size() == expected->size() && CRYPTO_memcmp(actual.data(), expected->data(), actual.size()) == 0;
}

} // namespace furrow::auth
