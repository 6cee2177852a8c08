#include "formats/jd_gen4/protobuf_wire.hpp"

#include <bit>
#include <cstring>

namespace furrow::formats::jd_gen4 {

std::uint64_t read_varint_slow(std::string_view data, std::size_t& pos) {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (pos >= data.size()) throw WireError("truncated varint at byte " + std::to_string(pos));
        const auto byte = static_cast<std::uint8_t>(data[pos++]);
        value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return value;
    }
    throw WireError("varint longer than 10 bytes ending at byte " + std::to_string(pos));
}

double WireField::as_double() const { return std::bit_cast<double>(varint); }

std::uint64_t WireReader::read_varint() { return read_varint_at(m_data, m_pos); }

bool WireReader::next(WireField& field) {
    if (m_pos >= m_data.size()) return false;
    const std::size_t start = m_pos;
    const std::uint64_t key = read_varint();
    const auto number = key >> 3;
    if (number == 0 || number > 0x1FFFFFFF)
        throw WireError("field number " + std::to_string(number) + " at byte " + std::to_string(start));
    field.number = static_cast<std::uint32_t>(number);
    field.bytes = {};
    switch (key & 7) {
    case 0:
        field.type = WireType::varint;
        field.varint = read_varint();
        return true;
    case 1:
    case 5: {
        const std::size_t width = (key & 7) == 1 ? 8 : 4;
        if (m_data.size() - m_pos < width)
            throw WireError("truncated fixed" + std::to_string(width * 8) + " field " + std::to_string(number) + " at byte " +
                            std::to_string(start));
        std::uint64_t bits = 0;
        std::memcpy(&bits, m_data.data() + m_pos, width); // little-endian on every platform furrow builds for
        m_pos += width;
        field.type = width == 8 ? WireType::fixed64 : WireType::fixed32;
        field.varint = bits;
        return true;
    }
    case 2: {
        const std::uint64_t length = read_varint();
        if (length > m_data.size() - m_pos)
            throw WireError("field " + std::to_string(number) + " at byte " + std::to_string(start) + " claims " +
                            std::to_string(length) + " bytes, " + std::to_string(m_data.size() - m_pos) + " left");
        field.type = WireType::bytes;
        field.bytes = m_data.substr(m_pos, static_cast<std::size_t>(length));
        m_pos += static_cast<std::size_t>(length);
        return true;
    }
    default:
        throw WireError("wire type " + std::to_string(key & 7) + " (groups or unknown) for field " + std::to_string(number) +
                        " at byte " + std::to_string(start));
    }
}

} // namespace furrow::formats::jd_gen4
