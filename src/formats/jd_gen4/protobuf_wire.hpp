#pragma once
// A protocol-buffers wire-format walker with no schema: it yields each field's number, wire type
// and payload, nothing more. The meaning of the numbers is the caller's (jdl_setup, jdl_streams).
// Every read is bounds-checked; malformed input throws WireError with the byte offset, never reads
// past the buffer (this is the part the libFuzzer target tests/fuzz/jdl_fuzz.cpp hammers).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace furrow::formats::jd_gen4 {

class WireError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class WireType : std::uint8_t { varint = 0, fixed64 = 1, bytes = 2, fixed32 = 5 };

struct WireField {
    std::uint32_t number = 0;
    WireType type = WireType::varint;
    std::uint64_t varint = 0;   // varint payload, or the raw bits of fixed64 / fixed32
    std::string_view bytes;     // length-delimited payload
    double as_double() const;   // fixed64 read as an IEEE double
    std::int64_t as_signed() const { return static_cast<std::int64_t>(varint); } // int64 (two's complement)
};

// The general case of read_varint_at (several bytes, or an error).
std::uint64_t read_varint_slow(std::string_view data, std::size_t& pos);

// Reads a varint at data[pos], advancing pos; throws WireError when truncated or over 10 bytes.
// Inline for the one- and two-byte values that make up most of a .jdl's deltas (the decoder spends
// most of its time here: docs/BENCHMARKS.md).
inline std::uint64_t read_varint_at(std::string_view data, std::size_t& pos) {
    if (pos + 1 < data.size()) {
        const auto b0 = static_cast<std::uint8_t>(data[pos]);
        if (b0 < 0x80) {
            ++pos;
            return b0;
        }
        const auto b1 = static_cast<std::uint8_t>(data[pos + 1]);
        if (b1 < 0x80) {
            pos += 2;
            return (b0 & 0x7Fu) | (static_cast<std::uint64_t>(b1) << 7);
        }
    }
    return read_varint_slow(data, pos);
}

// Reads one message's fields in order: while (reader.next(field)) { ... }.
class WireReader {
public:
    explicit WireReader(std::string_view message) : m_data(message) {}
    bool next(WireField& field);
    std::size_t offset() const { return m_pos; }

private:
    std::uint64_t read_varint();
    std::string_view m_data;
    std::size_t m_pos = 0;
};

// protobuf's sint encoding: 0,-1,1,-2 ... stored as 0,1,2,3 ...
inline std::int64_t zigzag_decode(std::uint64_t n) {
    return static_cast<std::int64_t>(n >> 1) ^ -static_cast<std::int64_t>(n & 1);
}

// Reads a packed repeated varint field (the payload of a `bytes` field) one value at a time.
class PackedVarints {
public:
    explicit PackedVarints(std::string_view payload) : m_data(payload) {}
    bool next(std::uint64_t& value) {
        if (m_pos >= m_data.size()) return false;
        value = read_varint_at(m_data, m_pos);
        return true;
    }
    bool at_end() const { return m_pos >= m_data.size(); }

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
};


} // namespace furrow::formats::jd_gen4
