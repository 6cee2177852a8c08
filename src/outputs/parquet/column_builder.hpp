#pragma once
// One column's values for the row group being built, and their encoding into Parquet pages:
// definition levels (OPTIONAL columns: 1 = value, 0 = null), PLAIN values for numbers and
// geometry, and a dictionary (PLAIN dictionary page + RLE_DICTIONARY indices) for string columns,
// which in furrow hold a handful of distinct values (operationType, crop, "On"/"Off").
#include "outputs/parquet/parquet_format.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace furrow::outputs::parquet {

struct EncodedChunk {
    std::optional<std::string> dictionary_page; // PLAIN dictionary values, uncompressed
    std::int32_t dictionary_size = 0;
    std::string data_page; // levels + values, uncompressed
    Encoding data_encoding = Encoding::plain;
    std::int32_t num_values = 0; // rows, nulls included
    Statistics statistics;
};

class ColumnBuilder {
public:
    explicit ColumnBuilder(ColumnSchema schema);

    // NaN is a null (the column must be OPTIONAL); for double columns.
    void add_double(double value);
    void add_int64(std::int64_t value);
    void add_bytes(std::string_view value);
    void add_null();

    const ColumnSchema& schema() const { return m_schema; }
    std::size_t rows() const { return m_rows; }
    EncodedChunk encode() const;
    void clear(); // ready for the next row group

private:
    void defined();
    std::string data_page_values() const;

    ColumnSchema m_schema;
    bool m_dictionary;
    std::size_t m_rows = 0;
    std::vector<std::uint32_t> m_levels; // OPTIONAL columns only
    std::string m_plain;                 // PLAIN values (not dictionary columns)
    std::vector<std::uint32_t> m_indices;
    std::vector<std::string> m_dictionary_values;
    std::unordered_map<std::string, std::uint32_t> m_dictionary_index;
    Statistics m_stats; // null count
    bool m_has_range = false; // a min/max exists (numbers only)
    double m_min_double = 0, m_max_double = 0;
    std::int64_t m_min_int = 0, m_max_int = 0;
};

} // namespace furrow::outputs::parquet
