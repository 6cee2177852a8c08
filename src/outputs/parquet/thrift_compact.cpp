#include "outputs/parquet/thrift_compact.hpp"

#include <cassert>

namespace furrow::outputs::parquet {
namespace {

constexpr char stop_byte = 0;

} // namespace

void append_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

std::uint64_t zigzag(std::int64_t value) {
    // Shift as unsigned: left-shifting a negative value is not portable before C++20's rules,
    // and the arithmetic right shift spreads the sign bit over the whole word.
    return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
}

void CompactWriter::field_header(std::int16_t id, CompactType type) {
    auto& last = m_last_ids.back();
    assert(id > last && "thrift fields must be written in increasing id order");
    const int delta = id - last;
    if (delta > 0 && delta <= 15) {
        m_out.push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
    } else {
        // Long form: the type alone, then the id as a zigzag i16.
        m_out.push_back(static_cast<char>(type));
        append_varint(m_out, zigzag(id));
    }
    last = id;
}

void CompactWriter::field_i32(std::int16_t id, std::int32_t value) {
    field_header(id, CompactType::i32);
    append_varint(m_out, zigzag(value));
}

void CompactWriter::field_i64(std::int16_t id, std::int64_t value) {
    field_header(id, CompactType::i64);
    append_varint(m_out, zigzag(value));
}

void CompactWriter::field_bool(std::int16_t id, bool value) {
    // A boolean field has no payload: the value is the header's type nibble.
    field_header(id, value ? CompactType::boolean_true : CompactType::boolean_false);
}

void CompactWriter::field_binary(std::int16_t id, std::string_view value) {
    field_header(id, CompactType::binary);
    append_varint(m_out, value.size());
    m_out.append(value);
}

void CompactWriter::begin_struct_field(std::int16_t id) {
    field_header(id, CompactType::struct_);
    m_last_ids.push_back(0);
}

void CompactWriter::begin_struct() { m_last_ids.push_back(0); }

void CompactWriter::end_struct() {
    assert(m_last_ids.size() > 1 && "end_struct without an open struct");
    m_out.push_back(stop_byte);
    m_last_ids.pop_back();
}

void CompactWriter::begin_list_field(std::int16_t id, CompactType element, std::size_t size) {
    field_header(id, CompactType::list);
    const auto type = static_cast<std::uint8_t>(element);
    if (size < 15) {
        m_out.push_back(static_cast<char>((size << 4) | type));
    } else {
        m_out.push_back(static_cast<char>(0xF0 | type));
        append_varint(m_out, size);
    }
}

void CompactWriter::element_i32(std::int32_t value) { append_varint(m_out, zigzag(value)); }

void CompactWriter::element_binary(std::string_view value) {
    append_varint(m_out, value.size());
    m_out.append(value);
}

void CompactWriter::finish() {
    assert(m_last_ids.size() == 1 && "finish with a struct still open");
    m_out.push_back(stop_byte);
}

} // namespace furrow::outputs::parquet
