#pragma once
// A Parquet file written row group by row group (parquet-format README, "File format"):
// "PAR1", the column chunks of each row group (an optional dictionary page, then one data page
// v1, zstd-compressed), then the Thrift FileMetaData, its length and "PAR1". Only the footer's
// metadata is kept between row groups, so memory is bounded by one row group.
#include "outputs/output_file.hpp"
#include "outputs/parquet/column_builder.hpp"
#include "outputs/parquet/parquet_format.hpp"

#include <filesystem>
#include <optional>
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
    // A page compressed and its header serialized, waiting for its place in the file.
    struct Page {
        std::string header;
        std::string compressed;
        std::size_t uncompressed = 0;
    };
    struct Chunk {
        ChunkMeta meta; // everything but the offsets and sizes, which writing fills in
        std::optional<Page> dictionary;
        Page data;
    };
    // Encodes and compresses one column (with that column's own zstd context: columns are
    // compressed in parallel).
    Chunk compress_chunk(std::size_t column_idx) const;
    // Appends the chunk's pages; returns its metadata with their offsets and sizes.
    ChunkMeta write_chunk(Chunk chunk);
    void write_page(const Page& page, ChunkMeta& meta);

    OutputFile m_file;
    std::vector<ColumnBuilder> m_columns;
    FileMeta m_meta;
    std::vector<ZSTD_CCtx_s*> m_zstd; // one per column
};

} // namespace furrow::outputs::parquet
