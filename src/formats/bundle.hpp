#pragma once
// A read-only, validated view of an uploaded zip: the one thing format detectors and readers see.
//
// Opening checks the whole archive before anything is extracted, and rejects it with
// Error(corrupt_file, "zip: ...") when it is not a readable zip (zip64 is fine), or when any entry
// has an absolute path, a drive letter, a ".." component, a symlink mode, encryption, or when the
// entry count, the total uncompressed size or an entry's compression ratio is over the limits
// (zip bombs). Reads count the bytes really produced, so an entry whose header lies about its
// size is caught while it is read, not after it filled the disk.
//
// Zips inside the zip are searched up to `max_nesting` levels deep (Leaf documents 2): their entries
// appear with the inner zip's path as a prefix, e.g. "exports/day1.zip/TASKDATA/TASKDATA.XML".
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats {

struct BundleLimits {
    std::int64_t max_total_bytes = 20LL * 1024 * 1024 * 1024; // uncompressed, all levels together
    double max_ratio = 200;                                   // uncompressed / compressed, per entry
    std::int64_t max_entries = 100'000;                       // all levels together
    int max_nesting = 2;                                      // zips inside zips
    std::filesystem::path scratch_dir;                        // where nested zips are extracted; empty = system temp
};

struct BundleEntry {
    std::string path;              // '/'-separated, no leading "./" or "/"; directories are not listed
    std::int64_t size = 0;         // uncompressed, as declared by the archive
    std::int64_t compressed_size = 0;
};

class Bundle {
public:
    // Throws Error(corrupt_file, "zip: <what>: <entry>") as described above.
    static Bundle open(const std::filesystem::path& zip_path, const BundleLimits& limits);

    Bundle(Bundle&&) noexcept;
    Bundle& operator=(Bundle&&) noexcept;
    ~Bundle();

    const std::vector<BundleEntry>& entries() const;
    const BundleEntry* find(std::string_view path) const; // exact path, nullptr if absent

    // Up to max_bytes from the start of the entry (for sniffing magic numbers and XML roots).
    std::string read_head(const BundleEntry& entry, std::size_t max_bytes) const;
    // The whole entry in memory, checked against its declared size and CRC-32. Deflated entries
    // are inflated by libdeflate in one call (2-4x zlib's speed: readers of big binary logs wait
    // on this). Throws Error(corrupt_file) on damaged data or a size that is not the declared one.
    // `padding`: zero bytes readable past the end (capacity() >= size() + padding), for parsers
    // such as simdjson that read ahead, so they need no second copy of a big entry.
    std::string read_all(const BundleEntry& entry, std::size_t padding = 0) const;
    // Whole entry to a file. Throws Error(corrupt_file) if it yields more bytes than declared.
    void extract(const BundleEntry& entry, const std::filesystem::path& destination) const;
    // A new zip holding just these entries (paths as in entries()), e.g. one machine file's originalFile.
    void write_subset(const std::vector<std::string>& paths, const std::filesystem::path& out_zip) const;

private:
    struct Impl;
    explicit Bundle(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace furrow::formats
