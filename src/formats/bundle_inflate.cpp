#include "formats/bundle_inflate.hpp"

#include "core/error.hpp"
#include "formats/bundle_checks.hpp"

#include <fmt/format.h>
#include <libdeflate.h>

#include <algorithm>
#include <memory>

namespace furrow::formats::detail {
namespace {

[[noreturn]] void damaged(std::string_view name, std::string_view what) {
    throw Error(ErrorCode::corrupt_file, fmt::format("zip: entry {} {}", quote_name(name), what));
}

struct Decompressor {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

struct ZipFile {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

std::string read_raw(zip_t* zip, zip_uint64_t index, std::string_view name, zip_uint64_t compressed_size) {
    std::unique_ptr<zip_file_t, ZipFile> file(zip_fopen_index(zip, index, ZIP_FL_COMPRESSED));
    if (!file) damaged(name, fmt::format("cannot be read: {}", zip_strerror(zip)));
    // The compressed size is the archive's claim: grown as bytes really arrive, so a tiny upload that
    // claims 4 GiB does not get 4 GiB allocated (found by tests/fuzz/zip_fuzz).
    constexpr std::size_t step = 16 << 20;
    std::string raw;
    std::size_t got = 0;
    while (got < compressed_size) {
        raw.resize(got + static_cast<std::size_t>(std::min<zip_uint64_t>(step, compressed_size - got)));
        const zip_int64_t n = zip_fread(file.get(), raw.data() + got, raw.size() - got);
        if (n < 0) damaged(name, fmt::format("cannot be read: {}", zip_file_strerror(file.get())));
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got != compressed_size) damaged(name, "is shorter than its compressed size");
    return raw;
}

} // namespace

std::string inflate_entry(zip_t* zip, zip_uint64_t index, std::string_view name, zip_uint64_t compressed_size,
                          std::size_t declared, std::uint32_t crc, std::size_t padding) {
    const std::string raw = read_raw(zip, index, name, compressed_size);
    std::unique_ptr<libdeflate_decompressor, Decompressor> d(libdeflate_alloc_decompressor());
    if (!d) throw Error(ErrorCode::internal, "zip: out of memory for a decompressor");
    std::string out(declared + padding, '\0');
    std::size_t produced = 0;
    const auto result = libdeflate_deflate_decompress(d.get(), raw.data(), raw.size(), out.data(), declared, &produced);
    if (result == LIBDEFLATE_INSUFFICIENT_SPACE) damaged(name, fmt::format("yields more than its declared {}", human_size(static_cast<std::int64_t>(declared))));
    if (result != LIBDEFLATE_SUCCESS) damaged(name, "has damaged compressed data");
    if (produced != declared) damaged(name, fmt::format("ends before its declared {}", human_size(static_cast<std::int64_t>(declared))));
    if (libdeflate_crc32(0, out.data(), declared) != crc) damaged(name, "fails its CRC-32 check");
    out.resize(declared); // shrinking keeps the capacity, and the zeros after the text with it
    return out;
}

} // namespace furrow::formats::detail
