#include "api/routes.hpp"
#include "api/text_limits.hpp"
#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "core/error.hpp"

namespace furrow::api {
namespace {

constexpr TimeMs day_ms = 86'400'000;

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
        auth::TokenClaims claims;
        claims.subject = owner->username;
        claims.owner_id = owner->id;
        claims.issued_at = now_ms() / 1000 * 1000;
        claims.expires_at = claims.issued_at + (remember_me(body) ? 30 * day_ms : day_ms);
        return Response::json(200, {{"id_token", auth::sign_token(claims, ctx.jwt_secret)}});
    }, public_route());
}

} // namespace furrow::api
