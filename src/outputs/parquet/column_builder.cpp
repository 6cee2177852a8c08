#include "outputs/parquet/column_builder.hpp"

#include "core/error.hpp"
#include "outputs/parquet/little_endian.hpp"
#include "outputs/parquet/rle_hybrid.hpp"

#include <algorithm>
#include <cmath>

namespace furrow::outputs::parquet {
namespace {

template <typename T>
std::string plain_bytes(T value) {
    std::string out;
    append_le(out, value);
    return out;
}

// PLAIN BYTE_ARRAY: a 4-byte length, then the bytes.
void append_plain_bytes(std::string& out, std::string_view value) {
    append_le(out, static_cast<std::uint32_t>(value.size()));
    out.append(value);
}

template <typename T>
void widen(T& min, T& max, T value, bool first) {
    min = first ? value : std::min(min, value);
    max = first ? value : std::max(max, value);
}

} // namespace

ColumnBuilder::ColumnBuilder(ColumnSchema schema)
    : m_schema(std::move(schema)), m_dictionary(m_schema.logical == LogicalKind::string) {}

void ColumnBuilder::defined() {
    if (m_schema.optional) m_levels.push_back(1);
    ++m_rows;
}

void ColumnBuilder::add_null() {
    if (!m_schema.optional) throw Error(ErrorCode::internal, "parquet: null in REQUIRED column " + m_schema.name);
    m_levels.push_back(0);
    ++m_stats.null_count;
    ++m_rows;
}

void ColumnBuilder::add_double(double value) {
    if (std::isnan(value)) return add_null();
    widen(m_min_double, m_max_double, value, !m_has_range);
    m_has_range = true;
    append_le(m_plain, value);
    defined();
}

void ColumnBuilder::add_int64(std::int64_t value) {
    widen(m_min_int, m_max_int, value, !m_has_range);
    m_has_range = true;
    append_le(m_plain, value);
    defined();
}

void ColumnBuilder::add_bytes(std::string_view value) {
    if (!m_dictionary) {
        append_plain_bytes(m_plain, value);
    } else if (!m_indices.empty() && m_dictionary_values[m_indices.back()] == value) {
        // Runs of one value are the rule (operationType, crop): no hashing, no string made.
        m_indices.push_back(m_indices.back());
    } else {
        const auto [it, inserted] =
            m_dictionary_index.try_emplace(std::string(value), static_cast<std::uint32_t>(m_dictionary_values.size()));
        if (inserted) m_dictionary_values.emplace_back(value);
        m_indices.push_back(it->second);
    }
    defined();
}

std::string ColumnBuilder::data_page_values() const {
    if (!m_dictionary) return m_plain;
    // RLE_DICTIONARY: one byte of bit width, then the indices as RLE/bit-packed hybrid.
    const int width = bit_width(m_dictionary_values.empty() ? 0 : static_cast<std::uint32_t>(m_dictionary_values.size() - 1));
    std::string out(1, static_cast<char>(width));
    append_rle_hybrid(out, m_indices, width);
    return out;
}

EncodedChunk ColumnBuilder::encode() const {
    EncodedChunk chunk;
    chunk.num_values = static_cast<std::int32_t>(m_rows);
    chunk.statistics.null_count = m_stats.null_count;
    if (m_has_range && m_schema.type == PhysicalType::double_) {
        // parquet.thrift, Statistics: a zero min is written as -0.0 and a zero max as +0.0.
        chunk.statistics.min_value = plain_bytes(m_min_double == 0 ? -0.0 : m_min_double);
        chunk.statistics.max_value = plain_bytes(m_max_double == 0 ? 0.0 : m_max_double);
    } else if (m_has_range && m_schema.type == PhysicalType::int64) {
        chunk.statistics.min_value = plain_bytes(m_min_int);
        chunk.statistics.max_value = plain_bytes(m_max_int);
    }
    if (m_schema.optional) {
        // Data page v1: the levels' byte length (4 bytes, little-endian) precedes them.
        std::string levels;
        append_rle_hybrid(levels, m_levels, 1);
        append_le(chunk.data_page, static_cast<std::uint32_t>(levels.size()));
        chunk.data_page += levels;
    }
    chunk.data_page += data_page_values();
    if (m_dictionary) {
        chunk.data_encoding = Encoding::rle_dictionary;
        chunk.dictionary_page.emplace();
        for (const auto& v : m_dictionary_values) append_plain_bytes(*chunk.dictionary_page, v);
        chunk.dictionary_size = static_cast<std::int32_t>(m_dictionary_values.size());
    }
    return chunk;
}

void ColumnBuilder::clear() {
    m_rows = 0;
    m_levels.clear();
    m_plain.clear();
    m_indices.clear();
    m_dictionary_values.clear();
    m_dictionary_index.clear();
    m_stats = {};
    m_has_range = false;
}

} // namespace furrow::outputs::parquet
