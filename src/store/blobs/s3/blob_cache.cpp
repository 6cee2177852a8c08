#include "store/blobs/s3/blob_cache.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/blobs/s3/sigv4.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace furrow::store::s3 {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view temp_suffix = ".tmp";
constexpr auto stale_temp_age = std::chrono::hours(1); // left behind by a crash mid-download

std::string file_name_of(const std::string& key) {
    const auto slash = key.rfind('/');
    return slash == std::string::npos ? key : key.substr(slash + 1);
}

} // namespace

BlobCache::BlobCache(fs::path dir, std::int64_t budget_bytes) : m_dir(std::move(dir)), m_budget(budget_bytes) {
    fs::create_directories(m_dir);
}

std::string BlobCache::key_prefix(const std::string& key) const { return sha256_hex(key).substr(0, 32) + "-"; }

std::optional<fs::path> BlobCache::find(const std::string& key, const std::string& etag) {
    const fs::path path = m_dir / (key_prefix(key) + sha256_hex(etag).substr(0, 16) + "-" + file_name_of(key));
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ec); // recently used: evicted last
    return path;
}

fs::path BlobCache::temp_path() const { return m_dir / (random_hex(8) + std::string(temp_suffix)); }

fs::path BlobCache::install(const std::string& key, const std::string& etag, const fs::path& temp) {
    const std::string prefix = key_prefix(key);
    const std::string name = prefix + sha256_hex(etag).substr(0, 16) + "-" + file_name_of(key);
    const fs::path path = m_dir / name;
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) throw Error(ErrorCode::internal, fmt::format("blob cache: cannot install {}: {}", path.string(), ec.message()));
    for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
        const std::string other = entry.path().filename().string();
        if (other.starts_with(prefix) && other != name) fs::remove(entry.path(), ec);
    }
    trim(path);
    return path;
}

void BlobCache::forget(const std::string& key) {
    const std::string prefix = key_prefix(key);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_dir, ec))
        if (entry.path().filename().string().starts_with(prefix)) fs::remove(entry.path(), ec);
}

// Least recently used first, until the copies fit the budget; `keep` (just installed) stays.
void BlobCache::trim(const fs::path& keep) {
    struct Copy {
        fs::path path;
        fs::file_time_type used;
        std::int64_t bytes;
    };
    std::vector<Copy> copies;
    std::int64_t total = 0;
    const auto now = fs::file_time_type::clock::now();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
        std::error_code entry_ec;
        const auto used = entry.last_write_time(entry_ec);
        const auto bytes = static_cast<std::int64_t>(entry.file_size(entry_ec));
        if (entry_ec) continue; // removed meanwhile by another thread or process
        if (entry.path().extension() == temp_suffix) {
            if (now - used > stale_temp_age) fs::remove(entry.path(), entry_ec);
            continue;
        }
        copies.push_back({entry.path(), used, bytes});
        total += bytes;
    }
    if (total <= m_budget) return;
    std::sort(copies.begin(), copies.end(), [](const Copy& a, const Copy& b) { return a.used < b.used; });
    for (const auto& copy : copies) {
        if (total <= m_budget) break;
        if (copy.path == keep) continue;
        std::error_code remove_ec;
        if (fs::remove(copy.path, remove_ec)) total -= copy.bytes;
    }
}

} // namespace furrow::store::s3
