#pragma once
// The parts of Parquet's own Thrift structures (apache/parquet-format, src/main/thrift/parquet.thrift)
// that furrow writes, and their compact-protocol serialisation. Field ids and enum values are the
// ones of parquet.thrift; the comments give the Thrift names.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace furrow::outputs::parquet {

enum class PhysicalType : std::int32_t { boolean = 0, int32 = 1, int64 = 2, double_ = 5, byte_array = 6 };
enum class Encoding : std::int32_t { plain = 0, rle = 3, rle_dictionary = 8 };
enum class Codec : std::int32_t { uncompressed = 0, zstd = 6 };
enum class PageType : std::int32_t { data_page = 0, dictionary_page = 2 };
// Which logical type a column carries (LogicalType union + the legacy ConvertedType).
enum class LogicalKind { none, string, timestamp_millis_utc };

struct ColumnSchema {
    std::string name;
    PhysicalType type;
    bool optional; // OPTIONAL (nulls allowed, definition levels written) or REQUIRED
    LogicalKind logical = LogicalKind::none;
};

// Statistics: min/max PLAIN-encoded, unset when the chunk has no comparable value.
struct Statistics {
    std::int64_t null_count = 0;
    std::optional<std::string> min_value, max_value;
};

struct ChunkMeta { // ColumnChunk + ColumnMetaData
    PhysicalType type = PhysicalType::double_;
    std::vector<Encoding> encodings;
    std::string path; // one level: furrow's schemas are flat
    std::int64_t num_values = 0;
    std::int64_t total_uncompressed_size = 0; // page headers included, as the spec asks
    std::int64_t total_compressed_size = 0;
    std::int64_t data_page_offset = 0;
    std::optional<std::int64_t> dictionary_page_offset;
    Statistics statistics;
};

struct RowGroupMeta {
    std::vector<ChunkMeta> columns;
    std::int64_t num_rows = 0;
    std::int64_t total_byte_size = 0; // uncompressed
    std::int64_t file_offset = 0;
    std::int64_t total_compressed_size = 0;
};

struct FileMeta {
    std::vector<ColumnSchema> schema; // the leaf columns; the root element is added when serialised
    std::int64_t num_rows = 0;
    std::vector<RowGroupMeta> row_groups;
    std::vector<std::pair<std::string, std::string>> key_values;
    std::string created_by;
};

struct DataPageHeader {
    std::int32_t num_values; // nulls included
    Encoding encoding;
    Statistics statistics;
};

struct PageHeader {
    PageType type;
    std::int32_t uncompressed_size;
    std::int32_t compressed_size;
    std::optional<DataPageHeader> data;     // type == data_page
    std::optional<std::int32_t> dictionary_values; // type == dictionary_page (PLAIN-encoded)
};

std::string serialize(const PageHeader& header);
std::string serialize(const FileMeta& meta);

} // namespace furrow::outputs::parquet
