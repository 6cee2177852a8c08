#pragma once
// The local read cache of a remote blob store: one file per (key, ETag), named
// <hash of key>-<hash of ETag>-<key's file name>. Putting the ETag in the name (rather than in a
// file beside the copy) makes "this copy is version X" one atomic rename: two threads or
// processes fetching different versions of a key can never leave bytes of one version labelled
// with the other. Copies are installed by rename from a temporary file in the same folder, so a
// half-downloaded file is never visible. The cache is bounded: beyond `budget_bytes` the least
// recently used copies go (removing a file another thread is still serving is fine on Linux).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace furrow::store::s3 {

class BlobCache {
public:
    BlobCache(std::filesystem::path dir, std::int64_t budget_bytes);

    // The copy of `key` at `etag` if present (and marks it recently used).
    std::optional<std::filesystem::path> find(const std::string& key, const std::string& etag);
    // A fresh temporary path in the cache folder, for a download or a just-uploaded file.
    std::filesystem::path temp_path() const;
    // Renames `temp` into place as `key` at `etag`, drops older versions of `key`, trims the cache.
    std::filesystem::path install(const std::string& key, const std::string& etag, const std::filesystem::path& temp);
    // Drops every version of `key`.
    void forget(const std::string& key);

    const std::filesystem::path& dir() const { return m_dir; }

private:
    std::string key_prefix(const std::string& key) const;
    void trim(const std::filesystem::path& keep);

    std::filesystem::path m_dir;
    std::int64_t m_budget;
};

} // namespace furrow::store::s3
