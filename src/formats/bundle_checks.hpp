#pragma once
// Helpers for bundle.cpp, kept apart from its libzip plumbing: the per-entry safety rules of
// Bundle::open, so they can be read (and changed) in one place - their failures are all
// Error(corrupt_file, "zip: ...") - and the atomic file writer the extractions use.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace furrow::formats::detail {

// The path an entry is listed under ('\' turned into '/', "." and empty components dropped), or
// nullopt for a directory entry. Throws for names that are empty, absolute, start with a drive
// letter, contain a ".." component or a control character. `prefix` (the enclosing nested zip's
// listed path plus '/') is only used to name the entry in messages.
std::optional<std::string> normalize_entry_name(std::string_view prefix, std::string_view raw);

// Throws for symlinks and encrypted entries (values as libzip reports them).
void check_entry_type(std::string_view name, std::uint8_t opsys, std::uint32_t external_attributes,
                      std::uint16_t encryption_method);

// Whether a listed path names a zip to look inside (".zip", any case).
bool names_a_zip(std::string_view path);

// Throws when an entry of `size` bytes stored in `compressed_size` bytes expands more than max_ratio.
void check_ratio(std::string_view name, std::int64_t size, std::int64_t compressed_size, double max_ratio);

// Entry names for messages: single-quoted, control bytes escaped, very long names shortened, so an
// uploaded name cannot forge log lines or blow up an error response.
std::string quote_name(std::string_view name);

// "512 bytes", "2.5 MB", "20 GB" (binary units, as BundleLimits are written).
std::string human_size(std::int64_t bytes);

// A size as libzip reports it, pinned at INT64_MAX (the archive may claim up to 2^64 - 1).
std::int64_t clamp_size(std::uint64_t size);

// a + b for non-negative sizes, pinned at INT64_MAX instead of overflowing.
std::int64_t saturating_add(std::int64_t a, std::int64_t b);

// Throws Error(internal) naming what failed on `path` and why (from errno).
[[noreturn]] void io_failure(std::string_view what, const std::filesystem::path& path);

// Written under a temporary name next to the destination and renamed over it by commit(), so nobody
// sees half a file and a failed extraction leaves nothing behind. Not fsync'ed: the rename protects
// readers and crashes of this process, and an upload interrupted by a power loss is processed again.
class AtomicFile {
public:
    explicit AtomicFile(const std::filesystem::path& destination);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    void write(const char* data, std::size_t size);
    void commit();

private:
    std::filesystem::path m_destination;
    std::filesystem::path m_temp;
    int m_fd = -1;
    bool m_committed = false;
};

} // namespace furrow::formats::detail
