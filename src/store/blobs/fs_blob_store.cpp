#include "store/blobs/fs_blob_store.hpp"

#include "core/error.hpp"
#include "core/scratch_dirs.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace furrow::store {
namespace fs = std::filesystem;

namespace {

// fsync so that "published" survives a power cut as well as a kill -9.
void sync_path(const fs::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

FsBlobStore::FsBlobStore(fs::path root) : m_root(std::move(root)), m_staging(claim_scratch_dir(m_root / ".staging")) {}

fs::path FsBlobStore::path_of(const std::string& key) const {
    if (key.empty() || key.front() == '/' || key.find("..") != std::string::npos)
        throw Error(ErrorCode::internal, fmt::format("blobs: bad key '{}'", key));
    return m_root / key;
}

void FsBlobStore::put_file(const std::string& key, const fs::path& staged) {
    const auto target = path_of(key);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    sync_path(staged, O_RDONLY);
    fs::rename(staged, target, ec);
    if (ec == std::errc::cross_device_link) {
        const auto tmp = fs::path(target.string() + ".part");
        fs::copy_file(staged, tmp, fs::copy_options::overwrite_existing, ec);
        if (!ec) sync_path(tmp, O_RDONLY);
        if (!ec) fs::rename(tmp, target, ec);
        if (!ec) fs::remove(staged, ec);
        if (ec) fs::remove(tmp);
    }
    if (ec) {
        const ErrorCode code = ec == std::errc::no_space_on_device ? ErrorCode::unavailable : ErrorCode::internal;
        throw Error(code, fmt::format("blobs: cannot store {}: {}", key, ec.message()));
    }
    sync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
}

fs::path FsBlobStore::local_path(const std::string& key) {
    const auto path = path_of(key);
    if (!fs::exists(path)) throw Error(ErrorCode::not_found, fmt::format("blobs: {} is missing", key));
    return path;
}

std::optional<std::int64_t> FsBlobStore::size(const std::string& key) {
    std::error_code ec;
    const auto bytes = fs::file_size(path_of(key), ec);
    if (ec) return std::nullopt;
    return static_cast<std::int64_t>(bytes);
}

void FsBlobStore::remove(const std::string& key) {
    std::error_code ec;
    fs::remove(path_of(key), ec);
}

} // namespace furrow::store
