#include "auth/jwt.hpp"

#include "auth/base64.hpp"
#include "core/hmac.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

namespace furrow::auth {
namespace {

const std::string& header_segment() {
    static const std::string segment = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
    return segment;
}

} // namespace

std::string sign_token(const TokenClaims& claims, std::string_view secret) {
    nlohmann::json payload = {{"sub", claims.subject},
                              {"auth", "ROLE_USER"},
                              {"oid", claims.owner_id},
                              {"iat", claims.issued_at / 1000},
                              {"exp", claims.expires_at / 1000}};
    if (!claims.scope.empty()) payload["scope"] = claims.scope;
    if (claims.generation != 0) payload["gen"] = claims.generation;
    std::string signing_input = header_segment() + "." + base64url_encode(payload.dump());
    const std::string signature = base64url_encode(hmac_sha256(secret, signing_input));
    return signing_input + "." + signature;
}

std::optional<TokenClaims> verify_token(std::string_view token, std::string_view secret, TimeMs now) {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return std::nullopt;
    const auto signing_input = token.substr(0, second);
    const auto signature = base64url_decode(token.substr(second + 1));
    const std::string expected = hmac_sha256(secret, signing_input);
    if (!signature || signature->size() != expected.size() ||
        CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0)
        return std::nullopt;

    const auto header_json = base64url_decode(token.substr(0, first));
    const auto payload_json = base64url_decode(token.substr(first + 1, second - first - 1));
    if (!header_json || !payload_json) return std::nullopt;
    const auto header = nlohmann::json::parse(*header_json, nullptr, false);
    const auto payload = nlohmann::json::parse(*payload_json, nullptr, false);
    // Checking alg after the signature is still required: it rules out "none" and algorithm swaps.
    if (!header.is_object() || header.value("alg", "") != "HS256" || !payload.is_object()) return std::nullopt;
    const auto sub = payload.find("sub");
    const auto oid = payload.find("oid");
    const auto exp = payload.find("exp");
    const auto iat = payload.find("iat");
    if (sub == payload.end() || !sub->is_string() || oid == payload.end() || !oid->is_string() ||
        exp == payload.end() || !exp->is_number_integer())
        return std::nullopt;
    TokenClaims claims;
    claims.subject = sub->get<std::string>();
    claims.owner_id = oid->get<std::string>();
    claims.expires_at = exp->get<std::int64_t>() * 1000;
    claims.issued_at = iat != payload.end() && iat->is_number_integer() ? iat->get<std::int64_t>() * 1000 : 0;
    if (const auto scope = payload.find("scope"); scope != payload.end()) {
        if (!scope->is_string() || scope->get<std::string>().empty()) return std::nullopt;
        claims.scope = scope->get<std::string>();
    }
    if (const auto gen = payload.find("gen"); gen != payload.end()) {
        if (!gen->is_number_integer()) return std::nullopt;
        claims.generation = gen->get<std::int64_t>();
    }
    if (claims.expires_at <= now) return std::nullopt;
    return claims;
}

} // namespace furrow::auth
