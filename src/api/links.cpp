#include "api/links.hpp"

#include "api/api_context.hpp"
#include "auth/jwt.hpp"
#include "core/time.hpp"
#include "pipeline/catalogue.hpp"

#include <cctype>

namespace furrow::api {

const pipeline::Catalogue& catalogue_of(const ApiContext& ctx) {
    return ctx.catalogue != nullptr ? *ctx.catalogue : pipeline::catalogue();
}

std::string file_path(const std::string& file_id) { return "/services/operations/api/files/" + file_id; }

std::string stored_output_path(const std::string& blob_key) {
    return "downloads/" + blob_key.substr(blob_key.rfind('/') + 1);
}

Links::Links(const ApiContext& ctx, const Request& req) : m_ctx(ctx), m_req(req) {}

std::string Links::plain(const std::string& path) const { return m_req.base_url + path; }

std::string Links::signed_url(const std::string& path, const std::string& scope) const {
    auth::TokenClaims claims;
    claims.subject = m_req.caller.username;
    claims.owner_id = m_req.caller.owner_id;
    // Whole seconds, so every link made in the same second for the same scope is the same URL.
    claims.issued_at = now_ms() / 1000 * 1000;
    claims.expires_at = claims.issued_at + static_cast<TimeMs>(m_ctx.config.download_link_seconds) * 1000;
    claims.scope = scope;
    claims.generation = m_req.caller.token_generation; // a revocation closes the links made before it too
    return plain(path) + "?token=" + auth::sign_token(claims, m_ctx.jwt_secret);
}

std::string Links::file_output(const std::string& file_id, const std::string& output) const {
    return plain(file_path(file_id) + "/" + output);
}

std::string Links::signed_file_output(const std::string& file_id, const std::string& output) const {
    return signed_url(file_path(file_id) + "/" + output, file_path(file_id));
}

void Links::add_file_pair(nlohmann::json& out, const std::string& name, const std::string& file_id,
                          const std::string& output) const {
    std::string download = "download" + name;
    download[8] = static_cast<char>(std::toupper(static_cast<unsigned char>(download[8])));
    out[name] = file_output(file_id, output);
    out[download] = signed_file_output(file_id, output);
}

const pipeline::Catalogue& Links::catalogue() const { return catalogue_of(m_ctx); }

} // namespace furrow::api
