#include "outputs/parquet/parquet_file_writer.hpp"

#include "core/error.hpp"

#include <zstd.h>

#include <cstring>
#include <limits>

namespace furrow::outputs::parquet {
namespace {

constexpr std::string_view magic = "PAR1";
// zstd's default level: level 1 was barely faster here and its files larger (docs/BENCHMARKS.md).
constexpr int zstd_level = 3;

std::int32_t page_size(std::size_t bytes) {
    if (bytes > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        throw Error(ErrorCode::internal, "geoparquet: page over 2 GiB; row groups are too large");
    return static_cast<std::int32_t>(bytes);
}

std::string le32(std::uint32_t v) {
    std::string out(4, '\0');
    for (int byte_idx = 0; byte_idx < 4; ++byte_idx) out[byte_idx] = static_cast<char>((v >> (8 * byte_idx)) & 0xFF);
    return out;
}

} // namespace

ParquetFileWriter::ParquetFileWriter(const std::filesystem::path& path, std::vector<ColumnSchema> schema)
    : m_file(path, "geoparquet"), m_zstd(ZSTD_createCCtx()) {
    if (m_zstd == nullptr) throw Error(ErrorCode::internal, "geoparquet: cannot create a zstd context");
    for (const auto& c : schema) m_columns.emplace_back(c);
    m_meta.schema = std::move(schema);
    m_meta.created_by = "furrow";
    m_file.write(magic);
}

ParquetFileWriter::~ParquetFileWriter() { ZSTD_freeCCtx(m_zstd); }

std::int64_t ParquetFileWriter::write_page(PageHeader header, const std::string& payload, ChunkMeta& meta) {
    m_compressed.resize(ZSTD_compressBound(payload.size()));
    const std::size_t n = ZSTD_compressCCtx(m_zstd, m_compressed.data(), m_compressed.size(), payload.data(),
                                            payload.size(), zstd_level);
    if (ZSTD_isError(n)) throw Error(ErrorCode::internal, std::string("geoparquet: zstd: ") + ZSTD_getErrorName(n));
    header.uncompressed_size = page_size(payload.size());
    header.compressed_size = page_size(n);
    const auto header_bytes = serialize(header);
    const auto offset = static_cast<std::int64_t>(m_file.offset());
    m_file.write(header_bytes);
    m_file.write(std::string_view(m_compressed.data(), n));
    meta.total_uncompressed_size += static_cast<std::int64_t>(header_bytes.size() + payload.size());
    meta.total_compressed_size += static_cast<std::int64_t>(header_bytes.size() + n);
    return offset;
}

ChunkMeta ParquetFileWriter::write_chunk(const ColumnBuilder& column) {
    const auto chunk = column.encode();
    ChunkMeta meta;
    meta.type = column.schema().type;
    meta.path = column.schema().name;
    meta.num_values = chunk.num_values;
    meta.statistics = chunk.statistics;
    if (chunk.dictionary_page) {
        meta.dictionary_page_offset =
            write_page({.type = PageType::dictionary_page, .uncompressed_size = 0, .compressed_size = 0,
                        .data = std::nullopt, .dictionary_values = chunk.dictionary_size},
                       *chunk.dictionary_page, meta);
        meta.encodings = {Encoding::plain, Encoding::rle, Encoding::rle_dictionary};
    } else {
        meta.encodings = {Encoding::plain, Encoding::rle};
    }
    const DataPageHeader data{.num_values = chunk.num_values, .encoding = chunk.data_encoding,
                              .statistics = chunk.statistics};
    meta.data_page_offset = write_page({.type = PageType::data_page, .uncompressed_size = 0, .compressed_size = 0,
                                        .data = data, .dictionary_values = std::nullopt},
                                       chunk.data_page, meta);
    return meta;
}

void ParquetFileWriter::flush_row_group() {
    const std::size_t rows = m_columns.empty() ? 0 : m_columns.front().rows();
    if (rows == 0) return;
    RowGroupMeta group;
    group.num_rows = static_cast<std::int64_t>(rows);
    group.file_offset = static_cast<std::int64_t>(m_file.offset());
    for (auto& column : m_columns) {
        if (column.rows() != rows)
            throw Error(ErrorCode::internal, "geoparquet: column " + column.schema().name + " has a different row count");
        group.columns.push_back(write_chunk(column));
        group.total_byte_size += group.columns.back().total_uncompressed_size;
        group.total_compressed_size += group.columns.back().total_compressed_size;
        column.clear();
    }
    m_meta.num_rows += group.num_rows;
    m_meta.row_groups.push_back(std::move(group));
}

void ParquetFileWriter::close(std::vector<std::pair<std::string, std::string>> key_values) {
    flush_row_group();
    m_meta.key_values = std::move(key_values);
    const auto footer = serialize(m_meta);
    m_file.write(footer);
    m_file.write(le32(static_cast<std::uint32_t>(footer.size())));
    m_file.write(magic);
    m_file.close();
}

} // namespace furrow::outputs::parquet
