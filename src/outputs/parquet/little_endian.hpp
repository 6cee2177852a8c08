#pragma once
// Fixed-width little-endian bytes, as Parquet's PLAIN encoding and WKB (byte order 1) store
// numbers. x86-64 and aarch64 are little-endian, so values are copied as they are.
#include <bit>
#include <cstring>
#include <string>

namespace furrow::outputs::parquet {

template <typename T>
void append_le(std::string& out, T value) {
    static_assert(std::endian::native == std::endian::little, "little-endian output assumes a little-endian host");
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

} // namespace furrow::outputs::parquet
