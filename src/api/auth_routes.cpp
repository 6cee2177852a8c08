#include "api/routes.hpp"
#include "api/text_limits.hpp"
#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "core/error.hpp"

#include <fmt/format.h>

namespace furrow::api {
namespace {

constexpr TimeMs day_ms = 86'400'000;
constexpr std::size_t min_password_bytes = 8; // as `furrow admin create-owner`

nlohmann::json parse_object(const std::string& body) {
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        throw Error(ErrorCode::invalid_input, "body: expected a JSON object");
    return json;
}

std::string string_field(const nlohmann::json& body, const char* key) {
    const auto it = body.find(key);
    if (it == body.end() || !it->is_string() || it->get<std::string>().empty())
        throw Error(ErrorCode::invalid_input, key, std::string(key) + ": required string");
    return it->get<std::string>();
}

// Leaf clients send rememberMe as the string "true"; accept a JSON boolean too.
bool remember_me(const nlohmann::json& body) {
    const auto it = body.find("rememberMe");
    if (it == body.end()) return false;
    if (it->is_boolean()) return it->get<bool>();
    return it->is_string() && it->get<std::string>() == "true";
}

std::string issue_token(const ApiContext& ctx, const store::Owner& owner, std::int64_t generation, bool long_lived) {
    auth::TokenClaims claims;
    claims.subject = owner.username;
    claims.owner_id = owner.id;
    claims.issued_at = now_ms() / 1000 * 1000;
    claims.expires_at = claims.issued_at + (long_lived ? 30 * day_ms : day_ms);
    claims.generation = generation;
    return auth::sign_token(claims, ctx.jwt_secret);
}

// PUT /api/account/password {"currentPassword", "newPassword"[, "rememberMe"]}: Leaf documents no way
// to change a password; the member names are JHipster's (POST /api/account/change-password), whose
// conventions Leaf's API follows. Every earlier token of the owner stops working; the answer carries
// a new one.
Response change_password(ApiContext& ctx, const Request& req) {
    const auto body = parse_object(req.body);
    const auto current = string_field(body, "currentPassword");
    const auto next = string_field(body, "newPassword");
    limits::check_length("currentPassword", current, limits::password);
    limits::check_length("newPassword", next, limits::password);
    if (next.size() < min_password_bytes)
        throw Error(ErrorCode::invalid_input, "newPassword",
                    fmt::format("newPassword: needs at least {} characters", min_password_bytes));
    auto db = ctx.repo.connect();
    const auto owner = db->find_owner(req.caller.owner_id);
    if (!owner) throw Error(ErrorCode::unauthorized, "no such account");
    if (!auth::verify_password(current, owner->password_hash))
        throw Error(ErrorCode::invalid_input, "currentPassword", "currentPassword: does not match the account's password");
    const auto generation = db->revoke_owner_tokens(owner->id, auth::hash_password(next));
    return Response::json(200, {{"id_token", issue_token(ctx, *owner, generation, remember_me(body))}});
}

} // namespace

void add_auth_routes(Router& router, ApiContext& ctx) {
    router.add("POST", "/api/authenticate", [&ctx](Request& req) {
        const auto body = parse_object(req.body);
        const auto username = string_field(body, "username");
        const auto password = string_field(body, "password");
        limits::check_length("username", username, limits::email);
        limits::check_length("password", password, limits::password); // hashing cost grows with it
        const auto owner = ctx.repo.connect()->find_owner_by_username(username);
        // Verify against a dummy hash for unknown users too, so timing does not reveal who exists.
        static const std::string dummy = auth::hash_password("furrow-dummy-password");
        const bool ok = auth::verify_password(password, owner ? owner->password_hash : dummy) && owner;
        if (!ok) throw Error(ErrorCode::unauthorized, "bad credentials");
        return Response::json(200, {{"id_token", issue_token(ctx, *owner, owner->token_generation, remember_me(body))}});
    }, public_route());

    router.add("PUT", "/api/account/password", [&ctx](Request& req) { return change_password(ctx, req); });

    // Every token of the owner given so far (the caller's too) and every download link signed for
    // them stop working; authenticate again for a new one.
    router.add("POST", "/api/account/tokens/revoke", [&ctx](Request& req) {
        ctx.repo.connect()->revoke_owner_tokens(req.caller.owner_id, std::nullopt);
        return Response::no_content();
    });
}

} // namespace furrow::api
