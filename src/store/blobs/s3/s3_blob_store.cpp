#include "store/blobs/s3/s3_blob_store.hpp"

#include "core/scratch_dirs.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace furrow::store::s3 {
namespace fs = std::filesystem;

std::int64_t part_size_for(std::int64_t bytes, std::int64_t threshold) {
    const std::int64_t spread = (bytes + max_parts - 1) / max_parts;
    return std::max({threshold, min_part_bytes, spread});
}

S3BlobStore::S3BlobStore(S3Options options)
    : m_options(std::move(options)), m_client(m_options.bucket),
      m_cache(m_options.local_dir / "blob-cache", m_options.cache_bytes), m_staging(claim_scratch_dir(m_options.local_dir / "blob-staging")) {
}

std::string S3BlobStore::object_key(const std::string& key) const {
    if (key.empty() || key.front() == '/' || key.find("..") != std::string::npos)
        throw Error(ErrorCode::internal, fmt::format("blobs: bad key '{}'", key));
    return m_options.prefix + key;
}

void S3BlobStore::put_file(const std::string& key, const fs::path& staged) {
    const std::string object = object_key(key);
    std::error_code ec;
    const auto bytes = static_cast<std::int64_t>(fs::file_size(staged, ec));
    if (ec) throw Error(ErrorCode::internal, fmt::format("blobs: cannot read staged {}: {}", staged.string(), ec.message()));
    const std::string etag = bytes < m_options.multipart_threshold ? m_client.put_object(object, FileRange{staged, 0, bytes})
                                                                   : put_multipart(object, staged, bytes);
    // The staged file is exactly the stored blob: it becomes the cached copy (no download back).
    if (!etag.empty()) {
        try {
            m_cache.install(key, etag, staged);
            return;
        } catch (const Error&) {
            // Staged on another filesystem than the cache: the next read downloads it instead.
        }
    }
    fs::remove(staged, ec);
}

std::string S3BlobStore::put_multipart(const std::string& object, const fs::path& staged, std::int64_t bytes) {
    const std::int64_t part_bytes = part_size_for(bytes, m_options.multipart_threshold);
    const std::string upload_id = m_client.create_multipart_upload(object);
    try {
        std::vector<std::string> etags;
        for (std::int64_t offset = 0; offset < bytes; offset += part_bytes) {
            const FileRange part{staged, offset, std::min(part_bytes, bytes - offset)};
            etags.push_back(m_client.upload_part(object, upload_id, static_cast<int>(etags.size()) + 1, part));
        }
        return m_client.complete_multipart_upload(object, upload_id, etags);
    } catch (const std::exception& failure) {
        // The upload's error is the one that matters; a failed abort only leaves parts for the
        // bucket's lifecycle rule to collect, so it is logged rather than thrown over it.
        try {
            m_client.abort_multipart_upload(object, upload_id);
        } catch (const std::exception& e) {
            log::warn("blobs: cannot abort multipart upload {} of {}: {}", upload_id, object, e.what());
        }
        throw;
    }
}

fs::path S3BlobStore::local_path(const std::string& key) {
    const std::string object = object_key(key);
    const auto info = m_client.head(object);
    if (!info) throw Error(ErrorCode::not_found, fmt::format("blobs: {} is missing", key));
    if (auto copy = m_cache.find(key, info->etag)) return *copy;
    const fs::path temp = m_cache.temp_path();
    try {
        const auto etag = m_client.get_to_file(object, temp);
        if (!etag) throw Error(ErrorCode::not_found, fmt::format("blobs: {} is missing", key)); // removed since HEAD
        // GET's ETag names what was downloaded (a re-publish between HEAD and GET is newer still).
        return m_cache.install(key, etag->empty() ? info->etag : *etag, temp);
    } catch (...) {
        std::error_code ec;
        fs::remove(temp, ec);
        throw;
    }
}

std::optional<std::int64_t> S3BlobStore::size(const std::string& key) {
    const auto info = m_client.head(object_key(key));
    if (!info) return std::nullopt;
    return info->size;
}

void S3BlobStore::remove(const std::string& key) {
    m_client.remove(object_key(key));
    m_cache.forget(key);
}

std::optional<std::string> S3BlobStore::presigned_url(const std::string& key, int seconds, const DownloadHeaders& headers) {
    NameValues overrides;
    if (!headers.content_type.empty()) overrides.emplace_back("response-content-type", headers.content_type);
    if (!headers.content_disposition.empty())
        overrides.emplace_back("response-content-disposition", headers.content_disposition);
    return m_client.presigned_get_url(object_key(key), seconds, overrides, static_cast<std::int64_t>(std::time(nullptr)));
}

} // namespace furrow::store::s3
