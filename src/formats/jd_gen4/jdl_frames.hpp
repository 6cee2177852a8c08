#pragma once
// A .jdl file is a sequence of frames: the byte 0x0D, a little-endian uint32 length, then one
// protocol-buffers message of that length (docs/FORMATS.md "John Deere Gen4 .jdl"). Every sample
// file parses this way to its last byte, so anything else is a damaged file.
#include <cstddef>
#include <string_view>

namespace furrow::formats::jd_gen4 {

inline constexpr unsigned char frame_marker = 0x0D;

class FrameReader {
public:
    explicit FrameReader(std::string_view file) : m_data(file) {}
    // The next frame's message; false at the clean end of the file. Throws WireError on a missing
    // marker or a length running past the end.
    bool next(std::string_view& message);
    std::size_t index() const { return m_index; } // frames read so far
    std::size_t offset() const { return m_pos; }

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
    std::size_t m_index = 0;
};

// True when `head` (a file's first bytes) starts like a .jdl: a marker and a length that fits.
bool looks_like_jdl(std::string_view head, std::size_t file_size);

} // namespace furrow::formats::jd_gen4
