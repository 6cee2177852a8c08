#pragma once
#include "store/blobs/blob_store.hpp"

namespace furrow::store {

// Blobs as files under one directory; staging in <root>/.staging/proc-<id> (this process's, see
// core/scratch_dirs.hpp) so publishing is a rename.
class FsBlobStore final : public BlobStore {
public:
    explicit FsBlobStore(std::filesystem::path root);

    void put_file(const std::string& key, const std::filesystem::path& staged) override;
    std::filesystem::path local_path(const std::string& key) override;
    std::optional<std::int64_t> size(const std::string& key) override;
    void remove(const std::string& key) override;
    std::filesystem::path staging_dir() override { return m_staging; }

private:
    std::filesystem::path path_of(const std::string& key) const;
    std::filesystem::path m_root;
    std::filesystem::path m_staging;
};

} // namespace furrow::store
