#pragma once
// HS256 JSON Web Tokens (RFC 7519) in the shape Leaf's /api/authenticate hands out:
// {"sub": username, "auth": "ROLE_USER", "oid": owner id, "iat", "exp"}.
#include "core/time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace furrow::auth {

struct TokenClaims {
    std::string subject;  // the owner's username
    std::string owner_id;
    TimeMs issued_at = 0; // ms; whole seconds on the wire
    TimeMs expires_at = 0;
};

std::string sign_token(const TokenClaims& claims, std::string_view secret);
// nullopt when malformed, not HS256, badly signed or expired at `now`.
std::optional<TokenClaims> verify_token(std::string_view token, std::string_view secret, TimeMs now);

} // namespace furrow::auth
