#pragma once
// Blobs in an S3 bucket (AWS or any S3-compatible server), shared by every furrow process.
// - put_file: one PUT below the multipart threshold, a multipart upload above it (parts streamed
//   from the staged file; the upload is aborted if any step fails). The staged file then becomes
//   this process's cached copy instead of being deleted, so the writer never downloads it back.
// - local_path: HEAD, then the cached copy of that ETag or a fresh GET (BlobCache): a key
//   re-published by another process is seen at once; a reader never gets a half-written file.
// - presigned_url: a SigV4 query-signed GET, for redirecting downloads to the bucket.
// Network failures and 5xx answers throw Error(unavailable): jobs retry, the API answers 503.
#include "store/blobs/blob_store.hpp"
#include "store/blobs/s3/blob_cache.hpp"
#include "store/blobs/s3/s3_client.hpp"

namespace furrow::store::s3 {

inline constexpr std::int64_t min_part_bytes = 5LL * 1024 * 1024; // S3's minimum (all parts but the last)
inline constexpr int max_parts = 10'000;                          // S3's maximum

struct S3Options {
    BucketAddress bucket;
    std::string prefix; // "" or "some/prefix/": prepended to every key
    std::int64_t multipart_threshold = 16LL * 1024 * 1024;
    std::filesystem::path local_dir; // blob-cache/ and blob-staging/ go here
    std::int64_t cache_bytes = 2LL * 1024 * 1024 * 1024;
};

// Parses "s3://bucket[/prefix][?endpoint=URL&region=R&multipart_threshold=BYTES]" and takes the
// credentials and local directory from `options`. Throws Error(invalid_input, "FURROW_BLOBS").
S3Options s3_options(const std::string& url, const BlobStoreOptions& options);

// The part size for a blob of `bytes`: the threshold, grown so no upload needs more than max_parts.
std::int64_t part_size_for(std::int64_t bytes, std::int64_t threshold);

class S3BlobStore final : public BlobStore {
public:
    explicit S3BlobStore(S3Options options);

    void put_file(const std::string& key, const std::filesystem::path& staged) override;
    std::filesystem::path local_path(const std::string& key) override;
    std::optional<std::int64_t> size(const std::string& key) override;
    void remove(const std::string& key) override;
    std::filesystem::path staging_dir() override { return m_staging; }
    std::optional<std::string> presigned_url(const std::string& key, int seconds, const DownloadHeaders& headers) override;

private:
    std::string object_key(const std::string& key) const;
    std::string put_multipart(const std::string& object, const std::filesystem::path& staged, std::int64_t bytes);

    S3Options m_options;
    S3Client m_client;
    BlobCache m_cache;
    std::filesystem::path m_staging;
};

} // namespace furrow::store::s3
