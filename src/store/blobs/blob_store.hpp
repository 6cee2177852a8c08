#pragma once
// The blob seam: uploaded zips and every generated output. Keys are '/'-separated relative paths
// made by furrow ("batches/<id>/upload.zip"); they never come from user input.
// A blob is visible only once complete: writers stage elsewhere and publish atomically, so a crash
// or a full disk never leaves a half-written blob that could be served.
#include "core/config.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace furrow::store {

// The response headers a presigned download should carry (S3's response-* overrides).
struct DownloadHeaders {
    std::string content_type;
    std::string content_disposition;
};

class BlobStore {
public:
    virtual ~BlobStore() = default;

    // Publishes the file at `staged` under `key`, consuming it (moved when possible).
    virtual void put_file(const std::string& key, const std::filesystem::path& staged) = 0;
    // A local path with the blob's bytes, valid while the blob exists (fetched for remote stores).
    virtual std::filesystem::path local_path(const std::string& key) = 0;
    virtual std::optional<std::int64_t> size(const std::string& key) = 0; // nullopt if absent
    virtual void remove(const std::string& key) = 0;
    // Where writers stage files before put_file (same filesystem as the store when it is local).
    virtual std::filesystem::path staging_dir() = 0;
    // A URL from which anyone may GET the blob for `seconds`, answered with `headers`; nullopt when
    // the store cannot hand out such URLs (local files), so the caller serves the bytes itself.
    virtual std::optional<std::string> presigned_url(const std::string& key, int seconds, const DownloadHeaders& headers);
};

struct BlobStoreOptions {
    std::filesystem::path local_dir;                   // remote stores: read cache and staging live here
    std::int64_t cache_bytes = 2LL * 1024 * 1024 * 1024; // remote stores: read-cache budget
    std::string access_key;                            // s3://
    std::string secret_key;
};

// "file:///abs/dir", "file://relative/dir", or
// "s3://bucket[/prefix]?endpoint=http://host:port&region=us-east-1[&multipart_threshold=BYTES]"
// (an endpoint means path-style addressing; without one, AWS virtual-hosted https).
std::unique_ptr<BlobStore> open_blob_store(const std::string& url, const BlobStoreOptions& options);
// The options a furrow process uses: its data directory, FURROW_BLOB_CACHE_BYTES, the S3 credentials.
BlobStoreOptions blob_store_options(const Config& config);

} // namespace furrow::store
