#pragma once
// Whole-entry inflation with libdeflate, for Bundle::read_all.
#include <zip.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace furrow::formats::detail {

// Reads the entry's raw deflate stream and inflates it in one call into exactly `declared` bytes;
// more, fewer, damaged data or a CRC-32 other than `crc` throw Error(corrupt_file, "zip: ...").
// The string's capacity has `padding` zero bytes beyond its size (see Bundle::read_all).
std::string inflate_entry(zip_t* zip, zip_uint64_t index, std::string_view name, zip_uint64_t compressed_size,
                          std::size_t declared, std::uint32_t crc, std::size_t padding = 0);

} // namespace furrow::formats::detail
