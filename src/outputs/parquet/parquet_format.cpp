#include "outputs/parquet/parquet_format.hpp"

#include "outputs/parquet/thrift_compact.hpp"

namespace furrow::outputs::parquet {
namespace {

constexpr std::int32_t repetition_required = 0; // FieldRepetitionType
constexpr std::int32_t repetition_optional = 1;
constexpr std::int32_t converted_utf8 = 0; // ConvertedType
constexpr std::int32_t converted_timestamp_millis = 9;

std::int32_t code(auto value) { return static_cast<std::int32_t>(value); }

void write_statistics(CompactWriter& w, std::int16_t id, const Statistics& s) {
    w.begin_struct_field(id);
    w.field_i64(3, s.null_count);
    // 5 max_value, 6 min_value: the sort-order-aware fields (1 max, 2 min are deprecated).
    if (s.max_value) w.field_binary(5, *s.max_value);
    if (s.min_value) w.field_binary(6, *s.min_value);
    w.end_struct();
}

// LogicalType is a union of (mostly empty) structs: STRING = 1, TIMESTAMP = 8.
void write_logical_type(CompactWriter& w, LogicalKind kind) {
    w.begin_struct_field(10);
    if (kind == LogicalKind::string) {
        w.begin_struct_field(1);
        w.end_struct();
    } else {
        w.begin_struct_field(8); // TimestampType
        w.field_bool(1, true);   // isAdjustedToUTC
        w.begin_struct_field(2); // TimeUnit union: MILLIS = 1
        w.begin_struct_field(1);
        w.end_struct();
        w.end_struct();
        w.end_struct();
    }
    w.end_struct();
}

void write_schema_element(CompactWriter& w, const ColumnSchema& c) {
    w.begin_struct();
    w.field_i32(1, code(c.type));
    w.field_i32(3, c.optional ? repetition_optional : repetition_required);
    w.field_binary(4, c.name);
    // The legacy converted type too, for readers that predate LogicalType.
    if (c.logical == LogicalKind::string) w.field_i32(6, converted_utf8);
    if (c.logical == LogicalKind::timestamp_millis_utc) w.field_i32(6, converted_timestamp_millis);
    if (c.logical != LogicalKind::none) write_logical_type(w, c.logical);
    w.end_struct();
}

void write_schema(CompactWriter& w, const std::vector<ColumnSchema>& schema) {
    w.begin_list_field(2, CompactType::struct_, schema.size() + 1);
    // The root: a group named "schema" whose children are the columns (no type, no repetition).
    w.begin_struct();
    w.field_binary(4, "schema");
    w.field_i32(5, static_cast<std::int32_t>(schema.size()));
    w.end_struct();
    for (const auto& c : schema) write_schema_element(w, c);
}

void write_column_chunk(CompactWriter& w, const ChunkMeta& c) {
    w.begin_struct();
    // file_offset (2) is deprecated; writers set it to the chunk's first page.
    w.field_i64(2, c.dictionary_page_offset.value_or(c.data_page_offset));
    w.begin_struct_field(3); // ColumnMetaData
    w.field_i32(1, code(c.type));
    w.begin_list_field(2, CompactType::i32, c.encodings.size());
    for (auto e : c.encodings) w.element_i32(code(e));
    w.begin_list_field(3, CompactType::binary, 1);
    w.element_binary(c.path);
    w.field_i32(4, code(Codec::zstd));
    w.field_i64(5, c.num_values);
    w.field_i64(6, c.total_uncompressed_size);
    w.field_i64(7, c.total_compressed_size);
    w.field_i64(9, c.data_page_offset);
    if (c.dictionary_page_offset) w.field_i64(11, *c.dictionary_page_offset);
    write_statistics(w, 12, c.statistics);
    w.end_struct();
    w.end_struct();
}

void write_row_group(CompactWriter& w, const RowGroupMeta& g) {
    w.begin_struct();
    w.begin_list_field(1, CompactType::struct_, g.columns.size());
    for (const auto& c : g.columns) write_column_chunk(w, c);
    w.field_i64(2, g.total_byte_size);
    w.field_i64(3, g.num_rows);
    w.field_i64(5, g.file_offset);
    w.field_i64(6, g.total_compressed_size);
    w.end_struct();
}

} // namespace

std::string serialize(const PageHeader& h) {
    CompactWriter w;
    w.field_i32(1, code(h.type));
    w.field_i32(2, h.uncompressed_size);
    w.field_i32(3, h.compressed_size);
    if (h.data) {
        w.begin_struct_field(5);
        w.field_i32(1, h.data->num_values);
        w.field_i32(2, code(h.data->encoding));
        w.field_i32(3, code(Encoding::rle)); // definition levels
        w.field_i32(4, code(Encoding::rle)); // repetition levels (none: flat schema)
        write_statistics(w, 5, h.data->statistics);
        w.end_struct();
    }
    if (h.dictionary_values) {
        w.begin_struct_field(7);
        w.field_i32(1, *h.dictionary_values);
        w.field_i32(2, code(Encoding::plain));
        w.end_struct();
    }
    w.finish();
    return w.bytes();
}

std::string serialize(const FileMeta& m) {
    CompactWriter w;
    w.field_i32(1, 1); // version
    write_schema(w, m.schema);
    w.field_i64(3, m.num_rows);
    w.begin_list_field(4, CompactType::struct_, m.row_groups.size());
    for (const auto& g : m.row_groups) write_row_group(w, g);
    w.begin_list_field(5, CompactType::struct_, m.key_values.size());
    for (const auto& [key, value] : m.key_values) {
        w.begin_struct();
        w.field_binary(1, key);
        w.field_binary(2, value);
        w.end_struct();
    }
    w.field_binary(6, m.created_by);
    w.finish();
    return w.bytes();
}

} // namespace furrow::outputs::parquet
