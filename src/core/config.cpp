#include "core/config.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sys/stat.h>

namespace furrow {
namespace {

std::map<std::string, std::string> read_config_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorCode::invalid_input, fmt::format("config: cannot read {}", path.string()));
    std::map<std::string, std::string> values;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        const std::string text = trim(line);
        if (text.empty() || text[0] == '#') continue;
        const auto eq = text.find('=');
        if (eq == std::string::npos)
            throw Error(ErrorCode::invalid_input, fmt::format("config: {}:{}: expected KEY=VALUE", path.string(), line_no));
        values[trim(text.substr(0, eq))] = trim(text.substr(eq + 1));
    }
    return values;
}

template <typename T>
void read_number(const std::string& key, const std::string& text, T& out, T min_value) {
    T value{};
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || value < min_value)
        throw Error(ErrorCode::invalid_input, key, fmt::format("config: {}: '{}' is not a number >= {}", key, text, min_value));
    out = value;
}

// "60, 1800,3600" -> {60, 1800, 3600}; every entry a number >= 1.
std::vector<int> read_seconds_list(const std::string& key, const std::string& text) {
    std::vector<int> out;
    for (const auto& part : split(text, ',')) {
        int value = 0;
        read_number(key, trim(part), value, 1);
        out.push_back(value);
    }
    return out;
}

bool read_flag(const std::string& key, const std::string& text) {
    const std::string value = to_lower(trim(text));
    if (value == "1" || value == "true" || value == "yes") return true;
    if (value == "0" || value == "false" || value == "no" || value.empty()) return false;
    throw Error(ErrorCode::invalid_input, key, fmt::format("config: {}: '{}' is not 1 or 0", key, text));
}

std::vector<std::string> read_name_list(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& part : split(text, ','))
        if (!trim(part).empty()) out.push_back(to_lower(trim(part)));
    return out;
}

} // namespace

EnvLookup process_environment() {
    return [](const std::string& key) -> std::optional<std::string> {
        const char* v = std::getenv(key.c_str());
        if (v == nullptr) return std::nullopt;
        return std::string(v);
    };
}

Config load_config(const EnvLookup& env, const std::optional<std::filesystem::path>& config_file) {
    std::map<std::string, std::string> values;
    std::optional<std::filesystem::path> file = config_file;
    if (!file) {
        if (auto named = env("FURROW_CONFIG")) file = *named;
    }
    if (file) values = read_config_file(*file);
    auto get = [&](const std::string& key) -> std::optional<std::string> {
        if (auto v = env(key)) return v;
        if (auto it = values.find(key); it != values.end()) return it->second;
        return std::nullopt;
    };

    Config c;
    if (auto v = get("FURROW_DATA_DIR")) c.data_dir = *v;
    if (auto v = get("FURROW_LISTEN")) c.listen = *v;
    if (auto v = get("FURROW_WORKER_LISTEN")) c.worker_listen = *v;
    if (auto v = get("FURROW_PUBLIC_URL")) c.public_url = *v;
    if (auto v = get("FURROW_DATABASE_URL")) c.database_url = *v;
    if (auto v = get("FURROW_BLOBS")) c.blobs_url = *v;
    if (auto v = get("FURROW_CONSOLE_DIR")) c.console_dir = *v;
    if (auto v = get("FURROW_CONSOLE_BASEMAP_URL")) c.console_basemap_url = *v;
    if (auto v = get("FURROW_JWT_SECRET")) c.jwt_secret = *v;
    if (auto v = get("FURROW_S3_ACCESS_KEY") ? get("FURROW_S3_ACCESS_KEY") : get("AWS_ACCESS_KEY_ID")) c.s3_access_key = *v;
    if (auto v = get("FURROW_S3_SECRET_KEY") ? get("FURROW_S3_SECRET_KEY") : get("AWS_SECRET_ACCESS_KEY")) c.s3_secret_key = *v;
    if (auto v = get("FURROW_BLOB_CACHE_BYTES"))
        read_number<std::int64_t>("FURROW_BLOB_CACHE_BYTES", *v, c.blob_cache_bytes, 0);
    if (auto v = get("FURROW_BLOB_REDIRECTS")) c.blob_redirects = read_flag("FURROW_BLOB_REDIRECTS", *v);
    if (auto v = get("FURROW_WORKERS")) read_number("FURROW_WORKERS", *v, c.workers, 0);
    if (auto v = get("FURROW_HTTP_THREADS")) read_number("FURROW_HTTP_THREADS", *v, c.http_threads, 0);
    if (auto v = get("FURROW_SCRATCH_SWEEP_SECONDS"))
        read_number("FURROW_SCRATCH_SWEEP_SECONDS", *v, c.scratch_sweep_seconds, 1);
    if (auto v = get("FURROW_HANDLER_THREADS")) read_number("FURROW_HANDLER_THREADS", *v, c.handler_threads, 0);
    if (auto v = get("FURROW_JOB_LEASE_SECONDS")) read_number("FURROW_JOB_LEASE_SECONDS", *v, c.job_lease_seconds, 1);
    if (auto v = get("FURROW_JOB_MAX_ATTEMPTS")) read_number("FURROW_JOB_MAX_ATTEMPTS", *v, c.job_max_attempts, 1);
    if (auto v = get("FURROW_DOWNLOAD_LINK_SECONDS"))
        read_number<int>("FURROW_DOWNLOAD_LINK_SECONDS", *v, c.download_link_seconds, 60);
    if (auto v = get("FURROW_MAX_UPLOAD_BYTES"))
        read_number<std::int64_t>("FURROW_MAX_UPLOAD_BYTES", *v, c.max_upload_bytes, 1);
    if (auto v = get("FURROW_ZIP_MAX_TOTAL_BYTES"))
        read_number<std::int64_t>("FURROW_ZIP_MAX_TOTAL_BYTES", *v, c.zip_max_total_bytes, 1);
    if (auto v = get("FURROW_ZIP_MAX_RATIO")) read_number("FURROW_ZIP_MAX_RATIO", *v, c.zip_max_ratio, 1.0);
    if (auto v = get("FURROW_ZIP_MAX_ENTRIES"))
        read_number<std::int64_t>("FURROW_ZIP_MAX_ENTRIES", *v, c.zip_max_entries, 1);
    if (auto v = get("FURROW_LOG_LEVEL")) c.log_level = *v;
    if (auto v = get("FURROW_ALERT_RETRY_SCHEDULE"))
        c.alert_retry_schedule = trim(*v).empty() ? std::vector<int>{} : read_seconds_list("FURROW_ALERT_RETRY_SCHEDULE", *v);
    if (auto v = get("FURROW_ALERT_TIMEOUT_SECONDS"))
        read_number("FURROW_ALERT_TIMEOUT_SECONDS", *v, c.alert_timeout_seconds, 1);
    if (auto v = get("FURROW_ALERT_THREADS")) read_number("FURROW_ALERT_THREADS", *v, c.alert_threads, 0);
    if (auto v = get("FURROW_WEBHOOK_ALLOWED_HOSTS")) c.webhook_allowed_hosts = read_name_list(*v);
    if (auto v = get("FURROW_WEBHOOK_ALLOW_PRIVATE_NETWORKS"))
        c.webhook_allow_private_networks = read_flag("FURROW_WEBHOOK_ALLOW_PRIVATE_NETWORKS", *v);

    if (c.public_url.ends_with('/')) c.public_url.pop_back();
    if (c.database_url.empty()) c.database_url = "sqlite://" + (c.data_dir / "furrow.db").string();
    if (c.blobs_url.empty()) c.blobs_url = "file://" + (c.data_dir / "blobs").string();
    return c;
}

std::string resolve_jwt_secret(const Config& config) {
    if (!config.jwt_secret.empty()) return config.jwt_secret;
    const auto path = config.data_dir / "jwt-secret";
    {
        std::ifstream in(path);
        std::string secret;
        if (in && std::getline(in, secret) && !trim(secret).empty()) return trim(secret);
    }
    std::filesystem::create_directories(config.data_dir);
    const std::string secret = random_hex(32);
    const auto tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << secret << '\n';
        if (!out) throw Error(ErrorCode::internal, fmt::format("config: cannot write {}", tmp));
    }
    ::chmod(tmp.c_str(), 0600);
    std::error_code ec;
    // link() fails if another process created the secret first; then everyone uses that one.
    std::filesystem::create_hard_link(tmp, path, ec);
    std::filesystem::remove(tmp);
    std::ifstream in(path);
    std::string stored;
    std::getline(in, stored);
    return trim(stored);
}

} // namespace furrow
