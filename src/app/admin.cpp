#include "app/commands.hpp"
#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/repository.hpp"

#include <charconv>
#include <cstdio>
#include <map>

namespace furrow::app {
namespace {

constexpr const char* demo_username = "demo@furrow.local";
constexpr const char* demo_password = "furrow-demo";
constexpr TimeMs day_ms = 86'400'000;

// "--name value" pairs and "--flag" switches.
std::map<std::string, std::string> options_of(const std::vector<std::string>& args, std::size_t from) {
    std::map<std::string, std::string> out;
    for (std::size_t arg_idx = from; arg_idx < args.size(); ++arg_idx) {
        const auto& a = args[arg_idx];
        if (!a.starts_with("--")) throw Error(ErrorCode::invalid_input, "admin: unexpected argument '" + a + "'");
        const bool has_value = arg_idx + 1 < args.size() && !args[arg_idx + 1].starts_with("--");
        out[a.substr(2)] = has_value ? args[++arg_idx] : "";
    }
    return out;
}

std::string required(const std::map<std::string, std::string>& opts, const std::string& name) {
    const auto it = opts.find(name);
    if (it == opts.end() || it->second.empty()) throw Error(ErrorCode::invalid_input, "admin: --" + name + " is required");
    return it->second;
}

// Returns true when created, false when it existed and if_missing allowed that.
bool create_owner(store::Repository& repo, const std::string& username, const std::string& password, bool if_missing) {
    if (password.size() < 8) throw Error(ErrorCode::invalid_input, "admin: the password needs at least 8 characters");
    auto db = repo.connect();
    if (if_missing && db->find_owner_by_username(username)) return false;
    store::Owner owner{new_uuid(), username, auth::hash_password(password), now_ms()};
    db->insert_owner(owner);
    std::printf("%s\n", owner.id.c_str());
    return true;
}

std::string token_for(store::Repository& repo, const Config& config, const std::string& username, int days) {
    const auto owner = repo.connect()->find_owner_by_username(username);
    if (!owner) throw Error(ErrorCode::not_found, "admin: no owner '" + username + "'");
    auth::TokenClaims claims{owner->username, owner->id, now_ms() / 1000 * 1000, 0, "", owner->token_generation};
    claims.expires_at = claims.issued_at + days * day_ms;
    return auth::sign_token(claims, resolve_jwt_secret(config));
}

int demo(store::Repository& repo, const Config& config) {
    create_owner(repo, demo_username, demo_password, true);
    const std::string token = token_for(repo, config, demo_username, 30);
    const std::string url = config.public_url.empty() ? "http://" + config.listen : config.public_url;
    std::printf("\nfurrow demo owner: %s / %s\n", demo_username, demo_password);
    std::printf("base URL:   %s\n", url.c_str());
    std::printf("demo token: %s\n", token.c_str());
    std::printf("new token:  curl -s -X POST %s/api/authenticate -H 'Content-Type: application/json' "
                "-d '{\"username\":\"%s\",\"password\":\"%s\",\"rememberMe\":\"true\"}'\n\n",
                url.c_str(), demo_username, demo_password);
    return 0;
}

} // namespace

int admin(const Config& config, const std::vector<std::string>& args) {
    if (args.empty()) throw Error(ErrorCode::invalid_input, "admin: expected create-owner, token or demo");
    std::filesystem::create_directories(config.data_dir);
    auto repo = store::open_repository(config.database_url);
    const auto opts = options_of(args, 1);
    if (args[0] == "create-owner") {
        create_owner(*repo, required(opts, "username"), required(opts, "password"), opts.contains("if-missing"));
        return 0;
    }
    if (args[0] == "token") {
        int days = 30;
        if (opts.contains("days")) {
            const auto& text = opts.at("days");
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
            if (ec != std::errc() || days < 1 || days > 3650) throw Error(ErrorCode::invalid_input, "admin: --days 1..3650");
        }
        std::printf("%s\n", token_for(*repo, config, required(opts, "username"), days).c_str());
        return 0;
    }
    if (args[0] == "demo") return demo(*repo, config);
    throw Error(ErrorCode::invalid_input, "admin: unknown subcommand '" + args[0] + "'");
}

} // namespace furrow::app
