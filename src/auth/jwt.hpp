#pragma once
// HS256 JSON Web Tokens (RFC 7519) in the shape Leaf's /api/authenticate hands out:
// {"sub": username, "auth": "ROLE_USER", "oid": owner id, "iat", "exp"} (+ "scope" for download links),
// plus furrow's "gen": the owner's token generation when it was issued (revocation: store::Owner's
// token_generation, checked in api/http_server.cpp; a token without it is generation 0).
#include "core/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace furrow::auth {

struct TokenClaims {
    std::string subject;  // the owner's username
    std::string owner_id;
    TimeMs issued_at = 0; // ms; whole seconds on the wire
    TimeMs expires_at = 0;
    // Empty for API tokens. For a signed download link: the path prefix it opens (api/links.hpp);
    // such a token is refused as a bearer token.
    std::string scope;
    std::int64_t generation = 0;
};

std::string sign_token(const TokenClaims& claims, std::string_view secret);
// nullopt when malformed, not HS256, badly signed or expired at `now`.
std::optional<TokenClaims> verify_token(std::string_view token, std::string_view secret, TimeMs now);

} // namespace furrow::auth
