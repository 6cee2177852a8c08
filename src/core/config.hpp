#pragma once
// Runtime configuration. Every key is an environment variable (FURROW_*); the same keys may be put in a
// KEY=VALUE file named by FURROW_CONFIG (or --config). The environment wins over the file.
// docs/CONFIGURATION.md lists every key; keep the two in step.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace furrow {

struct Config {
    std::filesystem::path data_dir = "data";
    std::string listen = "127.0.0.1:8080";
    std::string worker_listen; // `furrow worker`: HOST:PORT for /health and /metrics (empty = none)
    std::string public_url;   // base of absolute links; empty = taken from the request's Host header
    std::string database_url; // default: sqlite://<data_dir>/furrow.db
    std::string blobs_url;    // default: file://<data_dir>/blobs
    // s3:// blob stores (docs/ARCHITECTURE.md "S3 blob store"): credentials, the local read-cache
    // budget, and whether downloads answer 302 to a presigned bucket URL instead of proxying bytes.
    std::string s3_access_key; // FURROW_S3_ACCESS_KEY, else AWS_ACCESS_KEY_ID
    std::string s3_secret_key; // FURROW_S3_SECRET_KEY, else AWS_SECRET_ACCESS_KEY
    std::int64_t blob_cache_bytes = 2LL * 1024 * 1024 * 1024;
    bool blob_redirects = false;
    std::string jwt_secret;   // default: <data_dir>/jwt-secret, made on first start
    int workers = 2;
    int http_threads = 0;    // 0 = chosen from the core count
    int handler_threads = 0; // HTTP handlers running at once; 0 = chosen from the core count
    int job_lease_seconds = 60;
    int job_max_attempts = 5;
    std::int64_t max_upload_bytes = 3LL * 1024 * 1024 * 1024;
    std::int64_t zip_max_total_bytes = 20LL * 1024 * 1024 * 1024;
    double zip_max_ratio = 200;
    std::int64_t zip_max_entries = 100'000;
    std::string log_level = "info";
    int download_link_seconds = 24 * 3600; // lifetime of the signed download* links
    // Alerts (docs/ALERTS.md): seconds between webhook attempts (Leaf: 1, 30, 60, 240 minutes); one
    // first attempt plus one per entry, then the delivery gives up.
    std::vector<int> alert_retry_schedule = {60, 1800, 3600, 14400};
    int alert_timeout_seconds = 10; // connect + answer, per attempt
    int alert_threads = 2;          // delivery threads in `furrow serve` (0 = none)
    // Webhook targets (docs/CONFIGURATION.md): when the list is not empty, only these hosts (trusted
    // whatever they resolve to); private-network addresses only with the opt-in.
    std::vector<std::string> webhook_allowed_hosts;
    bool webhook_allow_private_networks = false;

    // Web console (docs/CONSOLE.md): the built assets (empty = `console/` next to the binary) and an
    // optional raster basemap tile URL template ({z}/{x}/{y}); empty = a plain background.
    std::filesystem::path console_dir;
    std::string console_basemap_url;

    int scratch_sweep_seconds = 600; // how often dead processes' scratch is swept (core/scratch_dirs.hpp)

    // Parent of every process's scratch directory for unpacked bundles (core/scratch_dirs.hpp).
    std::filesystem::path tmp_dir() const { return data_dir / "tmp"; }
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// Reads FURROW_CONFIG (if set) and then the environment. Throws Error(invalid_input) naming the bad key.
Config load_config(const EnvLookup& env, const std::optional<std::filesystem::path>& config_file = std::nullopt);
EnvLookup process_environment();

// The JWT signing secret: the configured one, or one persisted in the data directory (created 0600).
std::string resolve_jwt_secret(const Config& config);

} // namespace furrow
