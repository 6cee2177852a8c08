#include "pipeline/content_hash.hpp"

#include "core/error.hpp"
#include "core/sha256.hpp"

#include <algorithm>
#include <vector>

namespace furrow::pipeline {
namespace {

// The folder every entry is in ("" when they are not all in one), with its trailing slash.
std::string common_folder(const std::vector<std::string>& paths) {
    if (paths.empty()) return {};
    std::string prefix = paths.front().substr(0, paths.front().rfind('/') + 1);
    for (const auto& path : paths) {
        while (!path.starts_with(prefix)) { // drop the last folder: "a/b/" -> "a/" -> ""
            const auto cut = prefix.rfind('/', prefix.size() - 2);
            prefix.resize(cut == std::string::npos ? 0 : cut + 1);
        }
    }
    return prefix;
}

void add_field(Sha256& hash, std::string_view bytes) {
    const auto length = std::to_string(bytes.size());
    hash.update(length);
    hash.update(":");
    hash.update(bytes);
}

} // namespace

const std::string& ContentHasher::entry_digest(const std::string& path) {
    if (const auto known = m_entry_digests.find(path); known != m_entry_digests.end()) return known->second;
    const auto* entry = m_bundle.find(path);
    if (!entry) throw Error(ErrorCode::internal, "content hash: " + path + ": not in the bundle");
    Sha256 hash;
    hash.update(m_bundle.read_all(*entry));
    return m_entry_digests.emplace(path, hash.hex_digest()).first->second;
}

std::string ContentHasher::dataset_hash(const formats::Dataset& dataset, std::string_view format_id) {
    auto paths = dataset.entries;
    std::sort(paths.begin(), paths.end());
    const auto folder = common_folder(paths);
    Sha256 hash;
    add_field(hash, format_id);
    add_field(hash, dataset.part);
    for (const auto& path : paths) {
        add_field(hash, std::string_view(path).substr(folder.size()));
        add_field(hash, entry_digest(path));
    }
    return "sha256:" + hash.hex_digest();
}

} // namespace furrow::pipeline
