#pragma once
// A Parquet file written row group by row group (parquet-format README, "File format"):
// "PAR1", the column chunks of each row group (an optional dictionary page, then one data page
// v1, zstd-compressed), then the Thrift FileMetaData, its length and "PAR1". Only the footer's
// metadata is kept between row groups, so memory is bounded by one row group.
#include "outputs/output_file.hpp"
#include "outputs/parquet/column_builder.hpp"
#include "outputs/parquet/parquet_format.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

struct ZSTD_CCtx_s;

namespace furrow::outputs::parquet {

class ParquetFileWriter {
public:
    ParquetFileWriter(const std::filesystem::path& path, std::vector<ColumnSchema> schema);
    ~ParquetFileWriter();
    ParquetFileWriter(const ParquetFileWriter&) = delete;
    ParquetFileWriter& operator=(const ParquetFileWriter&) = delete;

    // Fill these, one value per row in every column, then flush_row_group().
    std::vector<ColumnBuilder>& columns() { return m_columns; }
    // Writes the rows added since the last flush as one row group (nothing when there are none).
    void flush_row_group();
    // Flushes, writes the footer with `key_values` (e.g. GeoParquet's "geo") and closes the file.
    void close(std::vector<std::pair<std::string, std::string>> key_values);

private:
    ChunkMeta write_chunk(const ColumnBuilder& column);
    // Writes header + compressed payload; adds both sizes to `meta`; returns the page's offset.
    std::int64_t write_page(PageHeader header, const std::string& payload, ChunkMeta& meta);

    OutputFile m_file;
    std::vector<ColumnBuilder> m_columns;
    FileMeta m_meta;
    ZSTD_CCtx_s* m_zstd;
    std::string m_compressed;
};

} // namespace furrow::outputs::parquet
