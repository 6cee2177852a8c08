#pragma once
// Builds ISO 11783-10 TLG binaries byte by byte for the ISOXML tests (little-endian).
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace furrow::formats::isoxml::testing {

class TlgWriter {
public:
    TlgWriter& u8(std::uint8_t v) { return put(v, 1); }
    TlgWriter& u16(std::uint16_t v) { return put(v, 2); }
    TlgWriter& u32(std::uint32_t v) { return put(v, 4); }
    TlgWriter& i32(std::int32_t v) { return put(static_cast<std::uint32_t>(v), 4); }
    // Record start: TIM A as ms since midnight + days since 1980-01-01.
    TlgWriter& time(std::uint32_t ms, std::uint16_t days) { return u32(ms).u16(days); }
    // PTN A, B as int32 x 1e-7 degrees.
    TlgWriter& position(double north, double east) {
        return i32(static_cast<std::int32_t>(north * 1e7)).i32(static_cast<std::int32_t>(east * 1e7));
    }
    TlgWriter& samples(const std::vector<std::pair<std::uint8_t, std::int32_t>>& values) {
        u8(static_cast<std::uint8_t>(values.size()));
        for (const auto& [index, value] : values) u8(index).i32(value);
        return *this;
    }
    const std::string& str() const { return m_bytes; }
    std::span<const std::uint8_t> span() const {
        return {reinterpret_cast<const std::uint8_t*>(m_bytes.data()), m_bytes.size()};
    }

private:
    TlgWriter& put(std::uint32_t v, int bytes) {
        for (int byte_idx = 0; byte_idx < bytes; ++byte_idx) m_bytes.push_back(static_cast<char>((v >> (8 * byte_idx)) & 0xFF));
        return *this;
    }
    std::string m_bytes;
};

// Days since 1980-01-01 of 2020-01-02 (for readable expectations: 40 years incl. 10 leap days + 1).
inline constexpr std::uint16_t days_2020_01_02 = 14611;

} // namespace furrow::formats::isoxml::testing
