#pragma once
// The blob seam: uploaded zips and every generated output. Keys are '/'-separated relative paths
// made by furrow ("batches/<id>/upload.zip"); they never come from user input.
// A blob is visible only once complete: writers stage elsewhere and publish atomically, so a crash
// or a full disk never leaves a half-written blob that could be served.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace furrow::store {

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
};

// "file:///abs/dir" or "file://relative/dir".
std::unique_ptr<BlobStore> open_blob_store(const std::string& url);

} // namespace furrow::store
