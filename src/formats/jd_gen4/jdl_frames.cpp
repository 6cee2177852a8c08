#include "formats/jd_gen4/jdl_frames.hpp"

#include "formats/jd_gen4/protobuf_wire.hpp"

#include <cstdint>
#include <string>

namespace furrow::formats::jd_gen4 {
namespace {

std::uint32_t read_u32_le(std::string_view data, std::size_t pos) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(data[pos + static_cast<std::size_t>(i)]);
    return v;
}

} // namespace

bool FrameReader::next(std::string_view& message) {
    if (m_pos >= m_data.size()) return false;
    if (static_cast<unsigned char>(m_data[m_pos]) != frame_marker)
        throw WireError("frame " + std::to_string(m_index + 1) + ": expected the marker byte 0x0D at byte " +
                        std::to_string(m_pos));
    if (m_data.size() - m_pos < 5)
        throw WireError("frame " + std::to_string(m_index + 1) + ": truncated length at byte " + std::to_string(m_pos));
    const std::uint32_t length = read_u32_le(m_data, m_pos + 1);
    if (length > m_data.size() - m_pos - 5)
        throw WireError("frame " + std::to_string(m_index + 1) + " at byte " + std::to_string(m_pos) + " claims " +
                        std::to_string(length) + " bytes, " + std::to_string(m_data.size() - m_pos - 5) + " left");
    message = m_data.substr(m_pos + 5, length);
    m_pos += 5 + length;
    ++m_index;
    return true;
}

bool looks_like_jdl(std::string_view head, std::size_t file_size) {
    if (head.size() < 6 || static_cast<unsigned char>(head[0]) != frame_marker) return false;
    const std::uint32_t length = read_u32_le(head, 1);
    return length > 0 && length <= file_size - 5;
}

} // namespace furrow::formats::jd_gen4
