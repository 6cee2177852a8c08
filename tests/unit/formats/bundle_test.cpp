#include "formats/bundle.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>

namespace {

namespace fs = std::filesystem;
using furrow::Error;
using furrow::ErrorCode;
using furrow::formats::Bundle;
using furrow::formats::BundleEntry;
using furrow::formats::BundleLimits;

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "furrow-bundle-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    fs::path operator/(std::string_view name) const { return m_path / name; }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// Points temp_directory_path() (and so the Bundle's private temp dir) somewhere the test can watch.
class ScopedTmpdir {
public:
    explicit ScopedTmpdir(const fs::path& dir) {
        if (const char* old = std::getenv("TMPDIR")) m_old = old;
        ::setenv("TMPDIR", dir.c_str(), 1);
    }
    ~ScopedTmpdir() {
        if (m_old)
            ::setenv("TMPDIR", m_old->c_str(), 1);
        else
            ::unsetenv("TMPDIR");
    }

private:
    std::optional<std::string> m_old;
};

struct Item {
    Item(std::string n, std::string d, bool deflated = true, std::optional<zip_uint32_t> mode = {}, bool dir = false)
        : name(std::move(n)), data(std::move(d)), deflate(deflated), unix_mode(mode), directory(dir) {}
    std::string name;
    std::string data;
    bool deflate;
    std::optional<zip_uint32_t> unix_mode; // st_mode, stored as Unix external attributes
    bool directory;
};

fs::path make_zip(const fs::path& path, const std::vector<Item>& items) {
    int code = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (zip == nullptr) throw std::runtime_error("zip_open failed");
    for (const Item& item : items) {
        zip_int64_t index = -1;
        if (item.directory) {
            index = zip_dir_add(zip, item.name.c_str(), 0);
        } else {
            zip_source_t* source = zip_source_buffer(zip, item.data.data(), item.data.size(), 0);
            index = zip_file_add(zip, item.name.c_str(), source, 0);
            if (index < 0) zip_source_free(source);
            if (index >= 0) zip_set_file_compression(zip, index, item.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
        }
        if (index < 0) throw std::runtime_error("cannot add " + item.name + ": " + zip_strerror(zip));
        if (item.unix_mode) zip_file_set_external_attributes(zip, index, 0, ZIP_OPSYS_UNIX, *item.unix_mode << 16);
    }
    if (zip_close(zip) != 0) {
        const std::string message = zip_strerror(zip);
        zip_discard(zip);
        throw std::runtime_error("zip_close failed: " + message);
    }
    return path;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, std::string_view data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::string random_bytes(std::size_t n, unsigned seed = 42) {
    std::mt19937 gen(seed);
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(gen() & 0xff);
    return out;
}

std::string text_bytes(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; out.size() < n; ++i) out += "line " + std::to_string(i) + " of the task data\n";
    out.resize(n);
    return out;
}

template <class F>
void expect_error(F&& action, ErrorCode code, std::string_view text) {
    try {
        action();
        ADD_FAILURE() << "no error thrown, expected one containing: " << text;
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), code) << e.what();
        EXPECT_NE(std::string_view(e.what()).find(text), std::string_view::npos) << e.what();
    }
}

void expect_rejected(const fs::path& zip, std::string_view text, const BundleLimits& limits = {}) {
    expect_error([&] { Bundle::open(zip, limits); }, ErrorCode::corrupt_file, text);
}

std::set<std::string> paths_of(const Bundle& bundle) {
    std::set<std::string> paths;
    for (const BundleEntry& entry : bundle.entries()) paths.insert(entry.path);
    return paths;
}

std::size_t bundle_temp_dirs(const fs::path& dir) {
    std::size_t count = 0;
    for (const auto& item : fs::directory_iterator(dir))
        if (item.path().filename().string().starts_with("furrow-bundle-")) ++count;
    return count;
}

void put_le32(std::string& bytes, std::size_t offset, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

std::uint32_t get_le32(const std::string& bytes, std::size_t offset) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
    return value;
}

// Rewrites the uncompressed size that a one-entry zip (no comment) declares, in both headers.
fs::path write_with_declared_size(const fs::path& honest, const fs::path& out, std::uint32_t size) {
    std::string bytes = read_file(honest);
    if (get_le32(bytes, 0) != 0x04034b50u) throw std::runtime_error("no local header at 0");
    const std::size_t central = get_le32(bytes, bytes.size() - 22 + 16); // from the end record
    if (get_le32(bytes, central) != 0x02014b50u) throw std::runtime_error("no central header");
    put_le32(bytes, 22, size);
    put_le32(bytes, central + 24, size);
    write_file(out, bytes);
    return out;
}

} // namespace

TEST(Bundle, lists_files_in_nested_folders_with_declared_sizes) {
    TempDir dir;
    const std::string big = text_bytes(100'000);
    make_zip(dir / "a.zip", {{"readme.txt", "hello"},
                             {"TASKDATA/", "", true, {}, true},
                             {"TASKDATA/sub/data.bin", big, false},
                             {"./dot.txt", "dot"},
                             {"win\\style.txt", "win"}});
    const Bundle bundle = Bundle::open(dir / "a.zip", {});
    EXPECT_EQ(paths_of(bundle),
              (std::set<std::string>{"readme.txt", "TASKDATA/sub/data.bin", "dot.txt", "win/style.txt"}));
    const BundleEntry* data = bundle.find("TASKDATA/sub/data.bin");
    ASSERT_NE(data, nullptr);
    EXPECT_EQ(data->size, 100'000);
    EXPECT_EQ(data->compressed_size, 100'000); // stored
    EXPECT_EQ(bundle.find("readme.txt")->size, 5);
    EXPECT_EQ(bundle.find("TASKDATA/"), nullptr);
    EXPECT_EQ(bundle.find("missing.txt"), nullptr);
}

TEST(Bundle, read_head_returns_at_most_the_requested_bytes) {
    TempDir dir;
    const std::string text = text_bytes(1000);
    make_zip(dir / "a.zip", {{"t.txt", text}, {"empty.txt", ""}});
    const Bundle bundle = Bundle::open(dir / "a.zip", {});
    EXPECT_EQ(bundle.read_head(*bundle.find("t.txt"), 10), text.substr(0, 10));
    EXPECT_EQ(bundle.read_head(*bundle.find("t.txt"), 5000), text);
    EXPECT_EQ(bundle.read_head(*bundle.find("empty.txt"), 10), "");
}

TEST(Bundle, extract_writes_byte_identical_file_and_no_leftovers) {
    TempDir dir;
    const std::string noise = random_bytes(300'000); // several 64 KiB chunks
    const std::string text = text_bytes(500'000);
    make_zip(dir / "a.zip", {{"noise.bin", noise}, {"deep/text.txt", text}});
    const Bundle bundle = Bundle::open(dir / "a.zip", {});
    fs::create_directory(dir / "out");
    bundle.extract(*bundle.find("noise.bin"), dir / "out" / "noise.bin");
    bundle.extract(*bundle.find("deep/text.txt"), dir / "out" / "text.txt");
    EXPECT_EQ(read_file(dir / "out" / "noise.bin"), noise);
    EXPECT_EQ(read_file(dir / "out" / "text.txt"), text);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir / "out"), fs::directory_iterator()), 2);
}

TEST(Bundle, extract_of_entry_not_in_bundle_is_invalid_input) {
    TempDir dir;
    make_zip(dir / "a.zip", {{"a.txt", "a"}});
    const Bundle bundle = Bundle::open(dir / "a.zip", {});
    expect_error([&] { bundle.extract(BundleEntry{"b.txt", 1, 1}, dir / "b.txt"); }, ErrorCode::invalid_input,
                 "'b.txt'");
}

TEST(Bundle, rejects_entry_with_parent_directory_component) {
    for (const std::string name : {"../x", "a/../../x", "..\\x", "a\\..\\x", "../../etc/passwd"}) {
        SCOPED_TRACE(name);
        TempDir dir;
        make_zip(dir / "a.zip", {{"ok.txt", "ok"}, {name, "evil"}});
        expect_rejected(dir / "a.zip", "zip: path traversal in entry '" + name + "'");
    }
}

TEST(Bundle, rejects_absolute_entry_path) {
    for (const std::string name : {"/etc/x", "\\x"}) {
        SCOPED_TRACE(name);
        TempDir dir;
        make_zip(dir / "a.zip", {{name, "evil"}});
        expect_rejected(dir / "a.zip", "zip: absolute path in entry");
    }
}

TEST(Bundle, rejects_entry_with_drive_letter) {
    for (const std::string name : {"C:/x", "c:x.txt"}) {
        SCOPED_TRACE(name);
        TempDir dir;
        make_zip(dir / "a.zip", {{name, "evil"}});
        expect_rejected(dir / "a.zip", "zip: drive letter in entry");
    }
}

TEST(Bundle, rejects_entry_name_with_control_character) {
    TempDir dir;
    make_zip(dir / "a.zip", {{"a\nb.txt", "x"}});
    expect_rejected(dir / "a.zip", "zip: control character in entry name 'a\\x0ab.txt'");
}

TEST(Bundle, rejects_symlink_entry) {
    TempDir dir;
    make_zip(dir / "a.zip", {{"a/file", "x"}, {"a/link", "/etc/passwd", true, S_IFLNK | 0777}});
    expect_rejected(dir / "a.zip", "zip: symlink entry 'a/link'");
}

TEST(Bundle, accepts_regular_file_with_unix_mode) {
    TempDir dir;
    make_zip(dir / "a.zip", {{"run.sh", "#!/bin/sh", true, S_IFREG | 0755}});
    EXPECT_EQ(Bundle::open(dir / "a.zip", {}).entries().size(), 1u);
}

TEST(Bundle, rejects_encrypted_entry) {
    TempDir dir;
    const std::string data = "secret";
    int code = 0;
    zip_t* zip = zip_open((dir / "a.zip").c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    ASSERT_NE(zip, nullptr);
    const zip_int64_t index = zip_file_add(zip, "a.bin", zip_source_buffer(zip, data.data(), data.size(), 0), 0);
    ASSERT_GE(index, 0);
    if (zip_file_set_encryption(zip, index, ZIP_EM_AES_256, "password") != 0 || zip_close(zip) != 0) {
        zip_discard(zip);
        GTEST_SKIP() << "this libzip cannot write AES-encrypted entries";
    }
    expect_rejected(dir / "a.zip", "zip: encrypted entry 'a.bin'");
}

TEST(Bundle, rejects_large_entry_over_compression_ratio) {
    TempDir dir;
    make_zip(dir / "a.zip", {{"zeros.bin", std::string(50'000'000, '\0')}});
    expect_rejected(dir / "a.zip", "zip: entry 'zeros.bin' expands");
    expect_rejected(dir / "a.zip", "(limit 200x): zip bomb?");
}

TEST(Bundle, accepts_large_compressible_entry_when_ratio_limit_raised) {
    TempDir dir;
    make_zip(dir / "a.zip", {{"zeros.bin", std::string(50'000'000, '\0')}});
    BundleLimits limits;
    limits.max_ratio = 5000;
    const Bundle bundle = Bundle::open(dir / "a.zip", limits);
    EXPECT_EQ(bundle.find("zeros.bin")->size, 50'000'000);
}

TEST(Bundle, accepts_small_entries_whatever_their_ratio) {
    TempDir dir;
    make_zip(dir / "a.zip", {{"spaces.txt", std::string(1024 * 1024, ' ')}});
    EXPECT_NE(Bundle::open(dir / "a.zip", {}).find("spaces.txt"), nullptr);
}

TEST(Bundle, rejects_archive_over_total_size_limit) {
    TempDir dir;
    const std::string half_mib = random_bytes(512 * 1024);
    make_zip(dir / "a.zip", {{"1", half_mib}, {"2", half_mib}, {"3", half_mib}, {"4", half_mib}, {"5", half_mib}});
    BundleLimits limits;
    limits.max_total_bytes = 2 * 1024 * 1024;
    expect_rejected(dir / "a.zip", "zip: total uncompressed size 2.5 MB exceeds the limit of 2 MB", limits);
    limits.max_total_bytes = 3 * 1024 * 1024;
    EXPECT_EQ(Bundle::open(dir / "a.zip", limits).entries().size(), 5u);
}

TEST(Bundle, rejects_archive_with_too_many_entries) {
    TempDir dir;
    std::vector<Item> items;
    for (int i = 0; i < 10; ++i) items.push_back({"f" + std::to_string(i), "x"});
    make_zip(dir / "a.zip", items);
    BundleLimits limits;
    limits.max_entries = 9;
    expect_rejected(dir / "a.zip", "zip: too many entries", limits);
    limits.max_entries = 10;
    EXPECT_EQ(Bundle::open(dir / "a.zip", limits).entries().size(), 10u);
}

TEST(Bundle, rejects_two_entries_with_the_same_path) {
    TempDir dir;
    make_zip(dir / "a.zip", {{"a/b.txt", "checked"}, {"a\\b.txt", "smuggled"}});
    expect_rejected(dir / "a.zip", "zip: duplicate entry 'a/b.txt'");
}

TEST(Bundle, rejects_empty_file_as_not_a_zip) {
    TempDir dir;
    write_file(dir / "a.zip", "");
    expect_rejected(dir / "a.zip", "zip: not a zip archive");
}

TEST(Bundle, rejects_random_bytes_as_not_a_zip) {
    TempDir dir;
    write_file(dir / "a.zip", random_bytes(10'000));
    expect_rejected(dir / "a.zip", "zip: not a zip archive");
}

TEST(Bundle, rejects_truncated_zip_as_not_a_zip) {
    TempDir dir;
    make_zip(dir / "full.zip", {{"a.txt", text_bytes(50'000)}, {"b.txt", text_bytes(10'000)}});
    const std::string full = read_file(dir / "full.zip");
    for (const std::size_t keep : {std::size_t{10}, full.size() / 2, full.size() - 10}) {
        SCOPED_TRACE(keep);
        write_file(dir / "a.zip", std::string_view(full).substr(0, keep));
        expect_rejected(dir / "a.zip", "zip: not a zip archive");
    }
}

TEST(Bundle, missing_file_is_an_internal_error_not_a_corrupt_upload) {
    TempDir dir;
    expect_error([&] { Bundle::open(dir / "missing.zip", {}); }, ErrorCode::internal, "zip: cannot open");
}

// libzip answers ZIP_ER_NOENT ("No such file") for a central directory entry whose local header
// offset is 0xFFFFFFFF without a zip64 extra field; found by tests/fuzz/zip_fuzz.
TEST(Bundle, local_header_offset_past_4_gib_without_zip64_is_corrupt_not_internal) {
    TempDir dir;
    std::string bytes = read_file(make_zip(dir / "honest.zip", {{"a.txt", "hello"}}));
    const std::size_t central = get_le32(bytes, bytes.size() - 22 + 16);
    ASSERT_EQ(get_le32(bytes, central), 0x02014b50u);
    put_le32(bytes, central + 42, 0xFFFFFFFFu);
    write_file(dir / "a.zip", bytes);
    expect_rejected(dir / "a.zip", "zip: damaged archive");
}

namespace {

long peak_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

// A 200-byte upload whose central directory claims a compressed size of ~4 GiB for each entry (a
// small ratio, so no limit objects): reading it must fail on the missing bytes, not allocate the
// claim first. Found by tests/fuzz/zip_fuzz (an out-of-memory in read_all).
TEST(Bundle, compressed_size_claim_larger_than_the_archive_is_not_allocated) {
    TempDir dir;
    for (const bool deflated : {true, false}) {
        SCOPED_TRACE(deflated);
        std::string bytes = read_file(make_zip(dir / "honest.zip", {{"a.txt", "hello hello hello", deflated}}));
        const std::size_t central = get_le32(bytes, bytes.size() - 22 + 16);
        ASSERT_EQ(get_le32(bytes, central), 0x02014b50u);
        put_le32(bytes, 18, 0xFFFFFF00u);           // local header: compressed size
        put_le32(bytes, central + 20, 0xFFFFFF00u); // central directory: compressed size
        if (!deflated) {                            // stored: the sizes are one, so claim both
            put_le32(bytes, 22, 0xFFFFFF00u);
            put_le32(bytes, central + 24, 0xFFFFFF00u);
        }
        write_file(dir / "a.zip", bytes);
        BundleLimits limits;
        limits.max_ratio = 1e9;
        const long before = peak_rss_kb();
        const Bundle bundle = Bundle::open(dir / "a.zip", limits);
        ASSERT_EQ(bundle.entries().size(), 1u);
        expect_error([&] { bundle.read_all(bundle.entries()[0]); }, ErrorCode::corrupt_file, "a.txt");
        EXPECT_LT(peak_rss_kb() - before, 1 << 20) << "over 1 GiB more resident memory: the claim was allocated";
    }
}

TEST(Bundle, opens_zip64_archive_with_more_than_65535_entries) {
    TempDir dir;
    std::vector<Item> items;
    for (int i = 0; i < 70'000; ++i) items.push_back({"d/f" + std::to_string(i), "", false});
    make_zip(dir / "a.zip", items);
    ASSERT_NE(read_file(dir / "a.zip").find(std::string("PK\x06\x06", 4)), std::string::npos) << "not zip64";
    const Bundle bundle = Bundle::open(dir / "a.zip", {});
    EXPECT_EQ(bundle.entries().size(), 70'000u);
    EXPECT_NE(bundle.find("d/f69999"), nullptr);
}

TEST(Bundle, lists_entries_of_zips_two_levels_deep_with_prefixes) {
    TempDir dir;
    make_zip(dir / "day2.zip", {{"log.txt", "deep"}});
    make_zip(dir / "day1.zip", {{"TASKDATA/TASKDATA.XML", "<ISO11783_TaskData/>"},
                                {"inner/Day2.ZIP", read_file(dir / "day2.zip")}});
    make_zip(dir / "upload.zip", {{"exports/day1.zip", read_file(dir / "day1.zip")}, {"top.txt", "top"}});
    const Bundle bundle = Bundle::open(dir / "upload.zip", {});
    EXPECT_EQ(paths_of(bundle), (std::set<std::string>{"exports/day1.zip/TASKDATA/TASKDATA.XML",
                                                       "exports/day1.zip/inner/Day2.ZIP/log.txt", "top.txt"}));
    const BundleEntry* xml = bundle.find("exports/day1.zip/TASKDATA/TASKDATA.XML");
    ASSERT_NE(xml, nullptr);
    EXPECT_EQ(bundle.read_head(*xml, 100), "<ISO11783_TaskData/>");
    bundle.extract(*bundle.find("exports/day1.zip/inner/Day2.ZIP/log.txt"), dir / "log.txt");
    EXPECT_EQ(read_file(dir / "log.txt"), "deep");
}

TEST(Bundle, lists_zips_beyond_max_nesting_as_plain_entries) {
    TempDir dir;
    make_zip(dir / "l3.zip", {{"deep.txt", "too deep"}});
    make_zip(dir / "l2.zip", {{"l3.zip", read_file(dir / "l3.zip")}});
    make_zip(dir / "l1.zip", {{"l2.zip", read_file(dir / "l2.zip")}});
    make_zip(dir / "upload.zip", {{"l1.zip", read_file(dir / "l1.zip")}});
    const Bundle bundle = Bundle::open(dir / "upload.zip", {});
    EXPECT_EQ(paths_of(bundle), (std::set<std::string>{"l1.zip/l2.zip/l3.zip"}));
    EXPECT_EQ(bundle.read_head(*bundle.find("l1.zip/l2.zip/l3.zip"), 2), "PK");

    BundleLimits flat;
    flat.max_nesting = 0;
    EXPECT_EQ(paths_of(Bundle::open(dir / "upload.zip", flat)), (std::set<std::string>{"l1.zip"}));
}

TEST(Bundle, lists_nested_file_named_zip_that_is_not_a_zip_as_plain_entry) {
    TempDir dir;
    make_zip(dir / "upload.zip", {{"notes.ZIP", "just text"}, {"empty.zip", ""}});
    const Bundle bundle = Bundle::open(dir / "upload.zip", {});
    EXPECT_EQ(paths_of(bundle), (std::set<std::string>{"notes.ZIP", "empty.zip"}));
    EXPECT_EQ(bundle.read_head(*bundle.find("notes.ZIP"), 100), "just text");
}

TEST(Bundle, rejects_unsafe_entry_inside_nested_zip) {
    TempDir dir;
    make_zip(dir / "inner.zip", {{"../escape.txt", "evil"}});
    make_zip(dir / "upload.zip", {{"exports/inner.zip", read_file(dir / "inner.zip")}});
    expect_rejected(dir / "upload.zip", "zip: path traversal in entry 'exports/inner.zip/../escape.txt'");
}

TEST(Bundle, stops_nested_zip_bomb_with_shared_total_limit) {
    TempDir dir;
    TempDir tmp;
    const ScopedTmpdir scoped(tmp.path());
    make_zip(dir / "leaf.zip", {{"zeros.bin", std::string(3 * 1024 * 1024, '\0')}});
    const std::string leaf = read_file(dir / "leaf.zip");
    make_zip(dir / "mid.zip", {{"a.zip", leaf}, {"b.zip", leaf}, {"c.zip", leaf}, {"d.zip", leaf}});
    const std::string mid = read_file(dir / "mid.zip");
    make_zip(dir / "upload.zip", {{"1.zip", mid}, {"2.zip", mid}, {"3.zip", mid}, {"4.zip", mid}});
    BundleLimits limits;
    limits.max_ratio = 1e9; // only the shared total is under test
    limits.max_total_bytes = 8 * 1024 * 1024;
    expect_rejected(dir / "upload.zip", "zip: total uncompressed size", limits);
    EXPECT_EQ(bundle_temp_dirs(tmp.path()), 0u) << "the temp dir outlived the failed open";

    limits.max_total_bytes = 100 * 1024 * 1024;
    EXPECT_EQ(Bundle::open(dir / "upload.zip", limits).entries().size(), 16u);
}

TEST(Bundle, nested_entries_count_towards_the_shared_entry_limit) {
    TempDir dir;
    make_zip(dir / "inner.zip", {{"1", "1"}, {"2", "2"}, {"3", "3"}});
    make_zip(dir / "upload.zip", {{"inner.zip", read_file(dir / "inner.zip")}, {"top", "t"}});
    BundleLimits limits;
    limits.max_entries = 4;
    expect_rejected(dir / "upload.zip", "zip: too many entries", limits);
    limits.max_entries = 5;
    EXPECT_EQ(Bundle::open(dir / "upload.zip", limits).entries().size(), 4u);
}

TEST(Bundle, detects_entry_yielding_more_than_its_declared_size) {
    TempDir dir;
    const std::string text = text_bytes(200'000);
    make_zip(dir / "honest.zip", {{"x.bin", text}});
    const Bundle bundle = Bundle::open(write_with_declared_size(dir / "honest.zip", dir / "liar.zip", 1000), {});
    const BundleEntry* entry = bundle.find("x.bin");
    ASSERT_NE(entry, nullptr);
    EXPECT_EQ(entry->size, 1000);
    EXPECT_EQ(bundle.read_head(*entry, 10), text.substr(0, 10));
    fs::create_directory(dir / "out");
    expect_error([&] { bundle.extract(*entry, dir / "out" / "x.bin"); }, ErrorCode::corrupt_file,
                 "zip: entry 'x.bin' yields more than its declared 1000 bytes");
    EXPECT_TRUE(fs::is_empty(dir / "out")) << "a partial file was left behind";
}

TEST(Bundle, detects_entry_ending_before_its_declared_size) {
    TempDir dir;
    make_zip(dir / "honest.zip", {{"x.bin", text_bytes(200'000)}});
    const Bundle bundle = Bundle::open(write_with_declared_size(dir / "honest.zip", dir / "liar.zip", 300'000), {});
    expect_error([&] { bundle.extract(*bundle.find("x.bin"), dir / "x.bin"); }, ErrorCode::corrupt_file,
                 "zip: entry 'x.bin' ends after");
    EXPECT_FALSE(fs::exists(dir / "x.bin"));
}

TEST(Bundle, read_all_returns_deflated_stored_and_nested_entries_whole) {
    TempDir dir;
    const std::string text = text_bytes(300'000);
    const std::string noise = random_bytes(50'000);
    make_zip(dir / "inner.zip", {{"log.bin", text}});
    make_zip(dir / "u.zip", {{"a.txt", text}, {"b.bin", noise, false}, {"empty", ""}, {"n/inner.zip", read_file(dir / "inner.zip")}});
    const Bundle bundle = Bundle::open(dir / "u.zip", {});
    EXPECT_EQ(bundle.read_all(*bundle.find("a.txt")), text);
    EXPECT_EQ(bundle.read_all(*bundle.find("b.bin")), noise);
    EXPECT_EQ(bundle.read_all(*bundle.find("empty")), "");
    EXPECT_EQ(bundle.read_all(*bundle.find("n/inner.zip/log.bin")), text);
}

// Padding is spare capacity, not content: simdjson reads past the end without a second copy.
TEST(Bundle, read_all_leaves_padding_capacity_after_the_bytes) {
    TempDir dir;
    const std::string text = text_bytes(100'000);
    make_zip(dir / "u.zip", {{"a.json", text}, {"b.json", text, false}});
    const Bundle bundle = Bundle::open(dir / "u.zip", {});
    for (const char* name : {"a.json", "b.json"}) {
        const std::string bytes = bundle.read_all(*bundle.find(name), 64);
        EXPECT_EQ(bytes, text) << name;
        EXPECT_GE(bytes.capacity(), bytes.size() + 64) << name;
    }
}

TEST(Bundle, read_all_refuses_sizes_other_than_declared) {
    TempDir dir;
    make_zip(dir / "honest.zip", {{"x.bin", text_bytes(200'000)}});
    const Bundle more = Bundle::open(write_with_declared_size(dir / "honest.zip", dir / "more.zip", 1000), {});
    expect_error([&] { more.read_all(*more.find("x.bin")); }, ErrorCode::corrupt_file,
                 "zip: entry 'x.bin' yields more than its declared");
    const Bundle fewer = Bundle::open(write_with_declared_size(dir / "honest.zip", dir / "fewer.zip", 300'000), {});
    expect_error([&] { fewer.read_all(*fewer.find("x.bin")); }, ErrorCode::corrupt_file, "zip: entry 'x.bin' ends before");
}

TEST(Bundle, write_subset_round_trips_paths_and_bytes) {
    TempDir dir;
    const std::string noise = random_bytes(100'000);
    make_zip(dir / "day1.zip", {{"TASKDATA/TASKDATA.XML", "<xml/>"}, {"TASKDATA/TLG0001.BIN", noise, false}});
    make_zip(dir / "upload.zip",
             {{"a/b.txt", text_bytes(20'000)}, {"a/c.txt", "sea"}, {"exports/day1.zip", read_file(dir / "day1.zip")}});
    const Bundle bundle = Bundle::open(dir / "upload.zip", {});
    const std::vector<std::string> wanted{"a/b.txt", "exports/day1.zip/TASKDATA/TLG0001.BIN",
                                          "exports/day1.zip/TASKDATA/TASKDATA.XML", "a/b.txt"};
    bundle.write_subset(wanted, dir / "subset.zip");

    const Bundle subset = Bundle::open(dir / "subset.zip", {});
    EXPECT_EQ(paths_of(subset), (std::set<std::string>{"a/b.txt", "exports/day1.zip/TASKDATA/TLG0001.BIN",
                                                       "exports/day1.zip/TASKDATA/TASKDATA.XML"}));
    for (const BundleEntry& entry : subset.entries()) {
        SCOPED_TRACE(entry.path);
        EXPECT_EQ(entry.size, bundle.find(entry.path)->size);
        EXPECT_EQ(entry.compressed_size, bundle.find(entry.path)->compressed_size) << "recompressed";
        EXPECT_EQ(subset.read_head(entry, 1'000'000), bundle.read_head(*bundle.find(entry.path), 1'000'000));
    }
}

TEST(Bundle, write_subset_rejects_path_not_in_bundle) {
    TempDir dir;
    make_zip(dir / "upload.zip", {{"a.txt", "a"}});
    const Bundle bundle = Bundle::open(dir / "upload.zip", {});
    expect_error([&] { bundle.write_subset({"a.txt", "nope.txt"}, dir / "subset.zip"); }, ErrorCode::invalid_input,
                 "'nope.txt'");
    EXPECT_FALSE(fs::exists(dir / "subset.zip"));
}

TEST(Bundle, write_subset_of_nothing_writes_an_empty_zip) {
    TempDir dir;
    make_zip(dir / "upload.zip", {{"a.txt", "a"}});
    Bundle::open(dir / "upload.zip", {}).write_subset({}, dir / "subset.zip");
    EXPECT_TRUE(Bundle::open(dir / "subset.zip", {}).entries().empty());
}

TEST(Bundle, removes_its_temp_dir_once_after_moves) {
    TempDir dir;
    TempDir tmp;
    const ScopedTmpdir scoped(tmp.path());
    make_zip(dir / "inner.zip", {{"x.txt", "x"}});
    make_zip(dir / "upload.zip", {{"inner.zip", read_file(dir / "inner.zip")}});
    {
        Bundle first = Bundle::open(dir / "upload.zip", {});
        EXPECT_EQ(bundle_temp_dirs(tmp.path()), 1u);
        Bundle second = std::move(first);
        Bundle third = Bundle::open(dir / "upload.zip", {});
        EXPECT_EQ(bundle_temp_dirs(tmp.path()), 2u);
        third = std::move(second); // drops third's own temp dir
        EXPECT_EQ(bundle_temp_dirs(tmp.path()), 1u);
        EXPECT_TRUE(first.entries().empty());
        EXPECT_EQ(third.read_head(*third.find("inner.zip/x.txt"), 10), "x");
    }
    EXPECT_EQ(bundle_temp_dirs(tmp.path()), 0u);
}

TEST(Bundle, reads_entries_across_many_nested_zips) {
    TempDir dir;
    std::vector<Item> items;
    for (int i = 0; i < 10; ++i) {
        make_zip(dir / "n.zip", {{"v.txt", "value " + std::to_string(i)}});
        items.push_back({"n" + std::to_string(i) + ".zip", read_file(dir / "n.zip")});
    }
    make_zip(dir / "upload.zip", items);
    const auto open_descriptors = [] {
        return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator());
    };
    const auto before = open_descriptors();
    const Bundle bundle = Bundle::open(dir / "upload.zip", {});
    for (int round = 0; round < 2; ++round)
        for (int i = 9; i >= 0; --i)
            EXPECT_EQ(bundle.read_head(*bundle.find("n" + std::to_string(i) + ".zip/v.txt"), 100),
                      "value " + std::to_string(i));
    // The upload plus a few nested zips, not one descriptor per nested zip.
    EXPECT_LE(open_descriptors() - before, 5);
}

TEST(Bundle, damaged_archives_fail_with_errors_never_crashes) {
    TempDir dir;
    make_zip(dir / "inner.zip", {{"a/x.txt", text_bytes(20'000)}, {"b.bin", std::string(5000, 'q')}});
    make_zip(dir / "upload.zip", {{"t.txt", text_bytes(20'000), false},
                                  {"n/inner.zip", read_file(dir / "inner.zip")},
                                  {"z.txt", "zz"}});
    const std::string original = read_file(dir / "upload.zip");
    std::mt19937 gen(7);
    for (int round = 0; round < 300; ++round) {
        std::string bytes = original;
        // Every other round aims at the central directory, where the structure is.
        for (int flips = 1 + static_cast<int>(gen() % 8); flips > 0; --flips) {
            const std::size_t span = round % 2 ? bytes.size() : std::min<std::size_t>(bytes.size(), 300);
            bytes[bytes.size() - 1 - gen() % span] ^= static_cast<char>(1u << (gen() % 8));
        }
        write_file(dir / "damaged.zip", bytes);
        try {
            const Bundle bundle = Bundle::open(dir / "damaged.zip", {});
            for (const BundleEntry& entry : bundle.entries()) {
                try {
                    bundle.read_head(entry, 64);
                    bundle.extract(entry, dir / "out.bin");
                } catch (const Error& e) {
                    EXPECT_EQ(e.code(), ErrorCode::corrupt_file) << e.what();
                }
            }
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::corrupt_file) << e.what();
        }
    }
}
