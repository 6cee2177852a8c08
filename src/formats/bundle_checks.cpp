#include "formats/bundle_checks.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <system_error>
#include <utility>
#include <vector>

namespace furrow::formats::detail {
namespace {

// Below this size an entry is not judged by its ratio: small, highly repetitive files (padding, empty
// XML skeletons, a few KB of spaces) legitimately compress far beyond 200x, yet cannot hurt us - and
// the total-size limit bounds how many of them there can be. A bomb has to be big to matter.
constexpr std::int64_t ratio_floor = 1024 * 1024;

constexpr std::size_t max_quoted_length = 200;

[[noreturn]] void reject(const std::string& message) {
    throw Error(ErrorCode::corrupt_file, message);
}

bool is_control(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

bool is_ascii_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

std::vector<std::string_view> split_components(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/' || path[i] == '\\') {
            parts.push_back(path.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

} // namespace

std::optional<std::string> normalize_entry_name(std::string_view prefix, std::string_view raw) {
    const auto shown = [&] { return quote_name(std::string(prefix) + std::string(raw)); };
    if (raw.empty()) reject(prefix.empty() ? "zip: entry with an empty name"
                                           : fmt::format("zip: entry with an empty name in {}", quote_name(prefix)));
    for (const char c : raw)
        if (is_control(c)) reject(fmt::format("zip: control character in entry name {}", shown()));
    if (raw.front() == '/' || raw.front() == '\\') reject(fmt::format("zip: absolute path in entry {}", shown()));
    if (raw.size() >= 2 && is_ascii_letter(raw[0]) && raw[1] == ':')
        reject(fmt::format("zip: drive letter in entry {}", shown()));

    std::string path;
    for (const std::string_view part : split_components(raw)) {
        if (part == "..") reject(fmt::format("zip: path traversal in entry {}", shown()));
        // "./a", "a//b" and "a/./b" name the same file as "a/b"; one spelling keeps find() and duplicate
        // detection honest.
        if (part.empty() || part == ".") continue;
        if (!path.empty()) path += '/';
        path += part;
    }
    const bool is_directory = raw.back() == '/' || raw.back() == '\\';
    if (is_directory || path.empty()) return std::nullopt;
    return path;
}

void check_entry_type(std::string_view name, std::uint8_t opsys, std::uint32_t external_attributes,
                      std::uint16_t encryption_method) {
    // Both keep a Unix st_mode in the high 16 bits of the external attributes.
    const bool unix_mode = opsys == ZIP_OPSYS_UNIX || opsys == ZIP_OPSYS_OS_X;
    if (unix_mode && ((external_attributes >> 16) & S_IFMT) == S_IFLNK)
        reject(fmt::format("zip: symlink entry {}", quote_name(name)));
    if (encryption_method != ZIP_EM_NONE) reject(fmt::format("zip: encrypted entry {}", quote_name(name)));
}

bool names_a_zip(std::string_view path) {
    if (path.size() < 4) return false;
    const std::string_view ext = path.substr(path.size() - 4);
    return ext[0] == '.' && (ext[1] | 0x20) == 'z' && (ext[2] | 0x20) == 'i' && (ext[3] | 0x20) == 'p';
}

void check_ratio(std::string_view name, std::int64_t size, std::int64_t compressed_size, double max_ratio) {
    if (size <= ratio_floor) return;
    if (compressed_size <= 0)
        reject(fmt::format("zip: entry {} declares {} from 0 compressed bytes: zip bomb?", quote_name(name),
                           human_size(size)));
    const double ratio = static_cast<double>(size) / static_cast<double>(compressed_size);
    if (ratio > max_ratio)
        reject(fmt::format("zip: entry {} expands {:.0f}x (limit {:.0f}x): zip bomb?", quote_name(name), ratio,
                           max_ratio));
}

std::string quote_name(std::string_view name) {
    std::string out = "'";
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (i == max_quoted_length) {
            out += "...";
            break;
        }
        const char c = name[i];
        if (is_control(c) || c == '\'')
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else
            out += c;
    }
    return out + "'";
}

std::string human_size(std::int64_t bytes) {
    static constexpr const char* units[] = {"KB", "MB", "GB", "TB", "PB", "EB"};
    if (bytes < 1024) return fmt::format("{} bytes", bytes);
    std::int64_t unit = 1024;
    std::size_t u = 0;
    while (u + 1 < std::size(units) && bytes / unit >= 1024) {
        unit *= 1024;
        ++u;
    }
    // Whole numbers only when exact, so "20 GB exceeds the limit of 20 GB" cannot be printed.
    if (bytes % unit == 0) return fmt::format("{} {}", bytes / unit, units[u]);
    return fmt::format("{:.1f} {}", static_cast<double>(bytes) / static_cast<double>(unit), units[u]);
}

std::int64_t clamp_size(std::uint64_t size) {
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    return size > static_cast<std::uint64_t>(max) ? max : static_cast<std::int64_t>(size);
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    return b > max - a ? max : a + b;
}

void io_failure(std::string_view what, const std::filesystem::path& path) {
    const int error = errno; // before anything below can change it
    throw Error(ErrorCode::internal, fmt::format("zip: cannot {} '{}': {}", what, path.string(),
                                                 std::error_code(error, std::generic_category()).message()));
}

AtomicFile::AtomicFile(const std::filesystem::path& destination) : m_destination(destination) {
    // fmt, not `"." + temporary`: GCC 12 at -O3 reports a false -Wrestrict overlap on the latter.
    std::string pattern =
        (destination.parent_path() / fmt::format(".{}.XXXXXX", destination.filename().string())).string();
    m_fd = ::mkstemp(pattern.data());
    if (m_fd < 0) io_failure("create a file next to", destination);
    m_temp = pattern;
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) ::close(m_fd);
    std::error_code ec;
    if (!m_committed) std::filesystem::remove(m_temp, ec);
}

void AtomicFile::write(const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) io_failure("write", m_destination);
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    if (::close(std::exchange(m_fd, -1)) != 0) io_failure("write", m_destination);
    if (::rename(m_temp.c_str(), m_destination.c_str()) != 0) io_failure("rename to", m_destination);
    m_committed = true;
}

} // namespace furrow::formats::detail
