#include "core/error.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/blobs/fs_blob_store.hpp"
#include "store/blobs/s3/s3_blob_store.hpp"

#include <fmt/format.h>

namespace furrow::store {

std::optional<std::string> BlobStore::presigned_url(const std::string&, int, const DownloadHeaders&) { return std::nullopt; }

BlobStoreOptions blob_store_options(const Config& config) {
    return BlobStoreOptions{config.data_dir, config.blob_cache_bytes, config.s3_access_key, config.s3_secret_key};
}

std::unique_ptr<BlobStore> open_blob_store(const std::string& url, const BlobStoreOptions& options) {
    constexpr std::string_view file_scheme = "file://";
    if (url.starts_with(file_scheme)) return std::make_unique<FsBlobStore>(url.substr(file_scheme.size()));
    if (url.starts_with("s3://")) return std::make_unique<s3::S3BlobStore>(s3::s3_options(url, options));
    throw Error(ErrorCode::invalid_input, "FURROW_BLOBS",
                fmt::format("blobs: unsupported blob store URL '{}' (expected file://DIR or s3://BUCKET?...)", url));
}

} // namespace furrow::store
