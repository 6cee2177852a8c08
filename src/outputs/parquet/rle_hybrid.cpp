#include "outputs/parquet/rle_hybrid.hpp"

#include "outputs/parquet/thrift_compact.hpp"

#include <bit>

namespace furrow::outputs::parquet {
namespace {

constexpr std::size_t group = 8;
constexpr std::size_t min_rle_run = 8; // shorter runs cost more as RLE than bit-packed

std::size_t run_length(std::span<const std::uint32_t> values, std::size_t start) {
    std::size_t end = start + 1;
    while (end < values.size() && values[end] == values[start]) ++end;
    return end - start;
}

void append_rle_run(std::string& out, std::uint32_t value, std::size_t count, int width) {
    append_varint(out, count << 1);
    // The repeated value, little-endian in ceil(width / 8) bytes.
    for (int byte_idx = 0; byte_idx < (width + 7) / 8; ++byte_idx)
        out.push_back(static_cast<char>((value >> (8 * byte_idx)) & 0xFF));
}

// Packs groups of 8 values, least significant bit first, into `width` bytes each.
class BitPacker {
public:
    explicit BitPacker(int width) : m_width(width) {}
    void add_group(std::span<const std::uint32_t> values, std::size_t start) {
        for (std::size_t value_idx = 0; value_idx < group; ++value_idx) {
            const std::size_t at = start + value_idx;
            const std::uint64_t v = at < values.size() ? values[at] : 0;
            m_bits |= v << m_bit_count;
            m_bit_count += m_width;
            while (m_bit_count >= 8) {
                m_packed.push_back(static_cast<char>(m_bits & 0xFF));
                m_bits >>= 8;
                m_bit_count -= 8;
            }
        }
        ++m_groups;
    }
    // Writes the pending groups as one bit-packed run (8 x width bits always fill whole bytes).
    void flush(std::string& out) {
        if (m_groups == 0) return;
        append_varint(out, (m_groups << 1) | 1);
        out += m_packed;
        m_packed.clear();
        m_groups = 0;
    }

private:
    int m_width;
    std::uint64_t m_bits = 0;
    int m_bit_count = 0;
    std::string m_packed;
    std::size_t m_groups = 0;
};

} // namespace

int bit_width(std::uint32_t max_value) { return max_value == 0 ? 1 : std::bit_width(max_value); }

void append_rle_hybrid(std::string& out, std::span<const std::uint32_t> values, int width) {
    BitPacker packer(width);
    std::size_t at = 0;
    while (at < values.size()) {
        const std::size_t run = run_length(values, at);
        if (run >= min_rle_run) {
            packer.flush(out);
            append_rle_run(out, values[at], run, width);
            at += run;
        } else {
            packer.add_group(values, at);
            at += group;
        }
    }
    packer.flush(out);
}

} // namespace furrow::outputs::parquet
