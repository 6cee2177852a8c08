#include "formats/bundle.hpp"

#include "core/error.hpp"
#include "formats/bundle_checks.hpp"
#include "formats/bundle_inflate.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <system_error>
#include <utility>

namespace furrow::formats {
namespace fs = std::filesystem;
using detail::quote_name;

namespace {

constexpr std::size_t chunk_size = 64 * 1024;
// Nested zips are closed between reads: an upload may hold thousands of them, and a handle each would
// exhaust the process's file descriptors. A few stay open because readers walk one zip's entries in turn.
constexpr std::size_t max_open_nested = 4;
// write_subset must keep every source archive open until the output is closed; this bounds that.
constexpr std::size_t max_subset_archives = 64;

[[noreturn]] void corrupt(const std::string& message) { throw Error(ErrorCode::corrupt_file, message); }
[[noreturn]] void internal(const std::string& message) { throw Error(ErrorCode::internal, message); }

std::string libzip_message(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return message;
}

struct ZipDiscard {
    void operator()(zip_t* zip) const noexcept { zip_discard(zip); }
};
using ZipHandle = std::unique_ptr<zip_t, ZipDiscard>;

struct ZipFileClose {
    void operator()(zip_file_t* file) const noexcept { zip_fclose(file); }
};
using ZipFileHandle = std::unique_ptr<zip_file_t, ZipFileClose>;

struct Opened {
    ZipHandle handle; // null when the file is not a readable zip
    int code = ZIP_ER_OK;
};

// Read-only and without ZIP_CHECKCONS: that stricter check rejects archives every unzip tool reads
// (macOS Archive Utility's, libzip issue #341; some streaming zip64 writers), and what it would catch
// that matters here - sizes that lie, entries overlapping into bombs - is caught by the declared-size
// budget and by counting the bytes really produced.
Opened open_zip(const fs::path& path) {
    std::error_code ec;
    // A missing file is not the upload's fault. It is checked here, not from libzip's answer: libzip
    // also says ZIP_ER_NOENT ("No such file") for some damaged archives (found by tests/fuzz/zip_fuzz).
    const auto size = fs::file_size(path, ec);
    if (ec) internal(fmt::format("zip: cannot open '{}': {}", path.string(), ec.message()));
    // Some libzip versions open a 0-byte file as an empty archive; an empty upload is not a zip.
    if (size == 0) return {nullptr, ZIP_ER_NOZIP};
    int code = ZIP_ER_OK;
    ZipHandle zip(zip_open(path.c_str(), ZIP_RDONLY, &code));
    if (zip) return {std::move(zip), ZIP_ER_OK};
    // Not the upload's fault (out of descriptors or memory, an I/O error): never reported as corrupt.
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_MEMORY)
        internal(fmt::format("zip: cannot open '{}': {}", path.string(), libzip_message(code)));
    return {nullptr, code};
}

[[noreturn]] void read_failure(zip_file_t* file, std::string_view name) {
    corrupt(fmt::format("zip: cannot read entry {}: {}", quote_name(name), zip_file_strerror(file)));
}

ZipFileHandle open_entry(zip_t* zip, zip_uint64_t index, std::string_view name) {
    ZipFileHandle file(zip_fopen_index(zip, index, 0));
    if (!file) corrupt(fmt::format("zip: cannot read entry {}: {}", quote_name(name), zip_strerror(zip)));
    return file;
}

// libzip (1.7) does not compare the bytes it produces with the declared size, so a header that
// understates the size is caught here, chunk by chunk, before the lie fills the disk.
void extract_entry(zip_t* zip, zip_uint64_t index, std::string_view name, std::int64_t declared,
                   const fs::path& destination) {
    const ZipFileHandle file = open_entry(zip, index, name);
    detail::AtomicFile out(destination);
    std::vector<char> buffer(chunk_size);
    std::int64_t produced = 0;
    while (true) {
        const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
        if (n < 0) read_failure(file.get(), name);
        if (n == 0) break;
        produced += n;
        if (produced > declared)
            corrupt(fmt::format("zip: entry {} yields more than its declared {}", quote_name(name),
                                detail::human_size(declared)));
        out.write(buffer.data(), static_cast<std::size_t>(n));
    }
    if (produced < declared)
        corrupt(fmt::format("zip: entry {} ends after {} of its declared {}", quote_name(name),
                            detail::human_size(produced), detail::human_size(declared)));
    out.commit();
}

bool is_environment_error(int code) {
    return code == ZIP_ER_OPEN || code == ZIP_ER_TMPOPEN || code == ZIP_ER_WRITE || code == ZIP_ER_RENAME ||
           code == ZIP_ER_CLOSE || code == ZIP_ER_REMOVE || code == ZIP_ER_MEMORY;
}

// Adds entry `index` of `source` to `out` under `path`, copying the compressed bytes as they are.
void add_copy(zip_t* out, zip_t* source, zip_uint64_t index, const std::string& path) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    zip_source_t* data = zip_source_zip(out, source, index, 0, 0, -1);
    const zip_int64_t added = data == nullptr ? -1 : zip_file_add(out, path.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (added < 0) {
        zip_source_free(data);
        internal(fmt::format("zip: cannot add {} to the subset: {}", quote_name(path), zip_strerror(out)));
    }
    // libzip would deflate a stored entry (the default method); keeping it stored keeps it a plain copy.
    if (zip_stat_index(source, index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_COMP_METHOD) &&
        stat.comp_method == ZIP_CM_STORE)
        zip_set_file_compression(out, static_cast<zip_uint64_t>(added), ZIP_CM_STORE, 0);
}

void write_empty_zip(const fs::path& path) {
    // libzip deletes an archive left with no entries instead of writing one: write the bare end record.
    static constexpr char end_record[22] = {'P', 'K', 5, 6};
    detail::AtomicFile out(path);
    out.write(end_record, sizeof end_record);
    out.commit();
}

struct Candidate {
    zip_uint64_t index;
    std::string path; // as it will be listed, nested prefix included
    std::int64_t size;
    std::int64_t compressed_size;
};

} // namespace

struct Bundle::Impl {
    // A Bundle is used by one thread at a time, so neither the libzip handles nor the set of open nested
    // handles (changed by const reads) need a lock.
    struct Archive {
        fs::path file;
        ZipHandle handle; // always open for the upload; opened on demand for nested zips
    };
    struct Location {
        std::size_t archive;
        zip_uint64_t index;
    };

    BundleLimits limits;
    std::vector<Archive> archives; // [0] is the upload, the rest were extracted into temp_dir
    std::vector<std::size_t> open_nested; // nested archives with an open handle, least recently used first
    std::vector<BundleEntry> entries;
    std::vector<Location> locations; // parallel to entries
    std::map<std::string, std::size_t, std::less<>> by_path;
    fs::path temp_dir; // created with the first nested zip
    std::size_t temp_files = 0;
    std::int64_t total_bytes = 0;  // declared, all levels
    std::int64_t entry_count = 0;  // central directory records, all levels

    explicit Impl(const BundleLimits& l) : limits(l) {}
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        archives.clear(); // close before deleting the files they read
        std::error_code ec;
        if (!temp_dir.empty()) fs::remove_all(temp_dir, ec);
    }

    void scan(std::size_t archive, const std::string& prefix, int level);
    std::vector<Candidate> validate(zip_t* zip, const std::string& prefix);
    bool scan_nested(std::size_t parent, const Candidate& candidate, int level);
    void list(std::size_t archive, Candidate&& candidate);
    fs::path new_temp_file();
    zip_t* handle(std::size_t archive);
    std::size_t index_of(std::string_view path) const;
};

// Every entry of one archive is checked before anything is extracted from it; nested zips are then
// opened depth-first, so their entries are listed where the zip itself would have been.
void Bundle::Impl::scan(std::size_t archive, const std::string& prefix, int level) {
    std::vector<Candidate> candidates = validate(archives[archive].handle.get(), prefix);
    for (Candidate& candidate : candidates) {
        const bool nested = level < limits.max_nesting && detail::names_a_zip(candidate.path);
        if (!nested || !scan_nested(archive, candidate, level + 1)) list(archive, std::move(candidate));
    }
}

std::vector<Candidate> Bundle::Impl::validate(zip_t* zip, const std::string& prefix) {
    const zip_int64_t count = zip_get_num_entries(zip, 0);
    if (count < 0 || count > limits.max_entries - entry_count)
        corrupt(fmt::format("zip: too many entries (limit {})", limits.max_entries));
    entry_count += count;
    std::vector<Candidate> candidates;
    candidates.reserve(static_cast<std::size_t>(count));
    for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(zip, i, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_NAME) || stat.name == nullptr)
            corrupt(fmt::format("zip: unreadable entry #{}{}", i, prefix.empty() ? "" : " in " + quote_name(prefix)));
        const std::optional<std::string> path = detail::normalize_entry_name(prefix, stat.name);
        const std::string shown = prefix + stat.name;
        zip_uint8_t opsys = 0;
        zip_uint32_t attributes = 0;
        if (zip_file_get_external_attributes(zip, i, 0, &opsys, &attributes) != 0) opsys = ZIP_OPSYS_DOS;
        const auto encryption = (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) ? stat.encryption_method : ZIP_EM_NONE;
        detail::check_entry_type(shown, opsys, attributes, encryption);
        const std::int64_t size = detail::clamp_size(stat.size);
        const std::int64_t compressed_size = detail::clamp_size(stat.comp_size);
        total_bytes = detail::saturating_add(total_bytes, size);
        if (!path) continue;
        detail::check_ratio(shown, size, compressed_size, limits.max_ratio);
        candidates.push_back({i, prefix + *path, size, compressed_size});
    }
    if (total_bytes > limits.max_total_bytes)
        corrupt(fmt::format("zip: total uncompressed size {} exceeds the limit of {}", detail::human_size(total_bytes),
                            detail::human_size(limits.max_total_bytes)));
    return candidates;
}

// The extracted inner zip counts against the budget (it was declared at its parent's level) and so
// do its entries: both end up on disk or in memory.
bool Bundle::Impl::scan_nested(std::size_t parent, const Candidate& candidate, int level) {
    const fs::path file = new_temp_file();
    extract_entry(archives[parent].handle.get(), candidate.index, candidate.path, candidate.size, file);
    Opened inner = open_zip(file);
    if (!inner.handle) {
        // Tools name other things ".zip" too, and a damaged inner zip is still a file someone may want:
        // it is listed as a plain entry rather than failing the whole upload. Unsafe *content* of a
        // readable inner zip still fails it.
        std::error_code ec;
        fs::remove(file, ec);
        return false;
    }
    const std::size_t archive = archives.size();
    archives.push_back({file, std::move(inner.handle)});
    scan(archive, candidate.path + "/", level);
    archives[archive].handle.reset(); // see max_open_nested
    return true;
}

void Bundle::Impl::list(std::size_t archive, Candidate&& candidate) {
    // Two entries with one path would let a checked file and a different, unchecked one share a name.
    if (by_path.contains(candidate.path)) corrupt(fmt::format("zip: duplicate entry {}", quote_name(candidate.path)));
    by_path.emplace(candidate.path, entries.size());
    locations.push_back({archive, candidate.index});
    entries.push_back({std::move(candidate.path), candidate.size, candidate.compressed_size});
}

fs::path Bundle::Impl::new_temp_file() {
    if (temp_dir.empty()) {
        std::error_code ec;
        // The data disk, not /tmp: /tmp may be RAM and nested zips can be gigabytes.
        const fs::path base = limits.scratch_dir.empty() ? fs::temp_directory_path(ec) : limits.scratch_dir;
        if (!ec && !limits.scratch_dir.empty()) fs::create_directories(base, ec);
        if (ec) internal(fmt::format("zip: no temporary directory: {}", ec.message()));
        std::string pattern = (base / "furrow-bundle-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) detail::io_failure("create a directory in", base);
        temp_dir = pattern;
    }
    return temp_dir / fmt::format("{}.zip", ++temp_files);
}

zip_t* Bundle::Impl::handle(std::size_t archive) {
    Archive& wanted = archives[archive];
    if (archive == 0) return wanted.handle.get();
    const auto it = std::find(open_nested.begin(), open_nested.end(), archive);
    if (it != open_nested.end()) {
        open_nested.erase(it);
    } else {
        if (open_nested.size() == max_open_nested) {
            archives[open_nested.front()].handle.reset();
            open_nested.erase(open_nested.begin());
        }
        Opened opened = open_zip(wanted.file);
        if (!opened.handle) internal(fmt::format("zip: cannot reopen nested zip '{}'", wanted.file.string()));
        wanted.handle = std::move(opened.handle);
    }
    open_nested.push_back(archive);
    return wanted.handle.get();
}

std::size_t Bundle::Impl::index_of(std::string_view path) const {
    const auto it = by_path.find(path);
    if (it == by_path.end())
        throw Error(ErrorCode::invalid_input, fmt::format("zip: no entry {} in this bundle", quote_name(path)));
    return it->second;
}

Bundle::Bundle(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Bundle::Bundle(Bundle&&) noexcept = default;
Bundle& Bundle::operator=(Bundle&&) noexcept = default;
Bundle::~Bundle() = default;

Bundle Bundle::open(const fs::path& zip_path, const BundleLimits& limits) {
    auto impl = std::make_unique<Impl>(limits); // owns the temp dir from here on, even if a check throws
    Opened opened = open_zip(zip_path);
    if (!opened.handle) {
        if (opened.code == ZIP_ER_NOZIP) corrupt("zip: not a zip archive");
        corrupt(fmt::format("zip: damaged archive: {}", libzip_message(opened.code)));
    }
    impl->archives.push_back({zip_path, std::move(opened.handle)});
    impl->scan(0, "", 0);
    return Bundle(std::move(impl));
}

const std::vector<BundleEntry>& Bundle::entries() const {
    static const std::vector<BundleEntry> none; // a moved-from Bundle
    return m_impl ? m_impl->entries : none;
}

const BundleEntry* Bundle::find(std::string_view path) const {
    if (!m_impl) return nullptr;
    const auto it = m_impl->by_path.find(path);
    return it == m_impl->by_path.end() ? nullptr : &m_impl->entries[it->second];
}

std::string Bundle::read_head(const BundleEntry& entry, std::size_t max_bytes) const {
    if (!m_impl) internal("zip: use of a moved-from bundle");
    const std::size_t i = m_impl->index_of(entry.path);
    const BundleEntry& known = m_impl->entries[i]; // the caller's copy may carry a different size
    const auto& location = m_impl->locations[i];
    const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes, known.size));
    const ZipFileHandle file = open_entry(m_impl->handle(location.archive), location.index, known.path);
    // Grown as bytes arrive: the size is the archive's claim, and a small upload may claim gigabytes.
    constexpr std::size_t step = 16 << 20;
    std::string head;
    std::size_t got = 0;
    while (got < wanted) {
        head.resize(got + std::min(step, wanted - got));
        const zip_int64_t n = zip_fread(file.get(), head.data() + got, head.size() - got);
        if (n < 0) read_failure(file.get(), known.path);
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    head.resize(got);
    return head;
}

std::string Bundle::read_all(const BundleEntry& entry, std::size_t padding) const {
    if (!m_impl) internal("zip: use of a moved-from bundle");
    const std::size_t i = m_impl->index_of(entry.path);
    const BundleEntry& known = m_impl->entries[i];
    const auto& location = m_impl->locations[i];
    zip_t* zip = m_impl->handle(location.archive);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, location.index, 0, &st) != 0) corrupt(fmt::format("zip: cannot read entry {}", quote_name(known.path)));
    const auto declared = static_cast<std::size_t>(known.size);
    const bool deflated = st.comp_method == ZIP_CM_DEFLATE && (st.valid & ZIP_STAT_COMP_SIZE) && (st.valid & ZIP_STAT_CRC);
    if (deflated) return detail::inflate_entry(zip, location.index, known.path, st.comp_size, declared, st.crc, padding);
    // Stored (or another method): libzip's stream, with the same size check as extract().
    std::string out = read_head(known, declared + 1);
    if (out.size() != declared)
        corrupt(fmt::format("zip: entry {} yields {} bytes, not its declared {}", quote_name(known.path), out.size(), declared));
    if (padding > 0) { // stored entries are rare and small in practice: one copy here is fine
        out.resize(declared + padding, '\0');
        out.resize(declared);
    }
    return out;
}

void Bundle::extract(const BundleEntry& entry, const fs::path& destination) const {
    if (!m_impl) internal("zip: use of a moved-from bundle");
    const std::size_t i = m_impl->index_of(entry.path);
    const auto& location = m_impl->locations[i];
    const BundleEntry& known = m_impl->entries[i];
    extract_entry(m_impl->handle(location.archive), location.index, known.path, known.size, destination);
}

// Entries keep their listed path, so "a.zip/b/c.txt" is stored under that literal name: in the subset
// "a.zip" is a plain directory and a Bundle opened on it lists the same paths (except that a zip listed
// as a plain entry for being too deep is nearer the top there, and gets opened). The compressed bytes
// are copied, not recompressed; a lying size header is copied too and caught when the subset is read.
void Bundle::write_subset(const std::vector<std::string>& paths, const fs::path& out_zip) const {
    if (!m_impl) internal("zip: use of a moved-from bundle");
    std::vector<std::size_t> picked;
    std::set<std::size_t> seen;
    for (const std::string& path : paths)
        if (const std::size_t i = m_impl->index_of(path); seen.insert(i).second) picked.push_back(i);
    if (picked.empty()) return write_empty_zip(out_zip);
    // Own handles, not handle(): its cache may close an archive that a pending source still reads.
    // Declared before `out` so they outlive it when an error unwinds.
    std::map<std::size_t, ZipHandle> sources;
    int code = ZIP_ER_OK;
    ZipHandle out(zip_open(out_zip.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
    if (!out) internal(fmt::format("zip: cannot create '{}': {}", out_zip.string(), libzip_message(code)));
    for (const std::size_t i : picked) {
        const auto& location = m_impl->locations[i];
        zip_t* source = m_impl->archives[0].handle.get();
        if (location.archive != 0) {
            ZipHandle& nested = sources[location.archive];
            if (!nested) {
                if (sources.size() > max_subset_archives)
                    throw Error(ErrorCode::invalid_input,
                                fmt::format("zip: subset spans more than {} nested zips", max_subset_archives));
                nested = open_zip(m_impl->archives[location.archive].file).handle;
                if (!nested) internal("zip: cannot reopen a nested zip for write_subset");
            }
            source = nested.get();
        }
        add_copy(out.get(), source, location.index, m_impl->entries[i].path);
    }
    // libzip writes to a temporary file and renames it over out_zip, so the subset appears atomically.
    if (zip_close(out.get()) != 0) {
        const auto message = fmt::format("zip: cannot write '{}': {}", out_zip.string(), zip_strerror(out.get()));
        if (is_environment_error(zip_error_code_zip(zip_get_error(out.get())))) internal(message);
        corrupt(message); // the source data is damaged (bad CRC, bad local header, ...)
    }
    out.release();
}

} // namespace furrow::formats
