#pragma once
// Apache Thrift's compact protocol, write side only: what a Parquet footer and page headers need
// (thrift/doc/specs/thrift-compact-protocol.md). Fields are written in increasing id order; the
// writer keeps the last field id of every open struct, since a field header stores the id as a
// delta from the previous field of the same struct.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::outputs::parquet {

// Compact-protocol type codes of fields and list elements.
enum class CompactType : std::uint8_t {
    boolean_true = 1,
    boolean_false = 2,
    byte = 3,
    i16 = 4,
    i32 = 5,
    i64 = 6,
    double_ = 7,
    binary = 8,
    list = 9,
    set = 10,
    map = 11,
    struct_ = 12,
};

// Unsigned LEB128: 7 bits a byte, least significant first, high bit = more follows.
void append_varint(std::string& out, std::uint64_t value);
// ZigZag maps signed to unsigned so small magnitudes stay short: 0,-1,1,-2 -> 0,1,2,3.
std::uint64_t zigzag(std::int64_t value);

class CompactWriter {
public:
    CompactWriter() { m_last_ids.push_back(0); }

    void field_i32(std::int16_t id, std::int32_t value);
    void field_i64(std::int16_t id, std::int64_t value);
    void field_bool(std::int16_t id, bool value);
    void field_binary(std::int16_t id, std::string_view value);

    // A struct field: its fields follow, then end_struct().
    void begin_struct_field(std::int16_t id);
    // A struct as a list element (no field header).
    void begin_struct();
    void end_struct();

    // A list field of `size` elements of `element`; the elements follow with the calls below.
    void begin_list_field(std::int16_t id, CompactType element, std::size_t size);
    void element_i32(std::int32_t value);
    void element_binary(std::string_view value);

    // Ends the outermost struct (the message itself) with its stop byte.
    void finish();

    const std::string& bytes() const { return m_out; }

private:
    void field_header(std::int16_t id, CompactType type);
    std::string m_out;
    std::vector<std::int16_t> m_last_ids; // one per open struct, outermost first
};

} // namespace furrow::outputs::parquet
