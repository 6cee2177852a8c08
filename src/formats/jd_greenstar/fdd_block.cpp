#include "formats/jd_greenstar/fdd_block.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace furrow::formats::jd_greenstar {
namespace {

constexpr std::uint16_t header_tag = 1;
constexpr std::uint16_t record_tag = 2;
constexpr std::uint16_t end_tag = 4;
constexpr std::size_t max_columns = 4096;

// Little-endian reads at a moving offset; any read past the end throws with the offset.
class Cursor {
public:
    Cursor(std::string_view data, std::size_t pos) : m_data(data), m_pos(pos) {}
    std::size_t pos() const { return m_pos; }

    std::string_view take(std::size_t n, const char* what) {
        if (n > m_data.size() || m_pos > m_data.size() - n)
            throw FddError(std::string("truncated ") + what + " at byte " + std::to_string(m_pos));
        const auto out = m_data.substr(m_pos, n);
        m_pos += n;
        return out;
    }
    template <typename T> T read(const char* what) {
        const auto bytes = take(sizeof(T), what);
        T value;
        std::memcpy(&value, bytes.data(), sizeof(T));
        return value; // the displays and every build target are little-endian (static_assert below)
    }
    std::uint16_t u16(const char* what) { return read<std::uint16_t>(what); }

private:
    std::string_view m_data;
    std::size_t m_pos;
};
static_assert(std::endian::native == std::endian::little, "the .fdd reader reads little-endian words in place");

std::string text16(Cursor& in, const char* what) {
    const auto n = in.u16(what);
    return std::string(in.take(n, what));
}

FddColumn read_column(Cursor& in) {
    const std::size_t at = in.pos();
    FddColumn col;
    const auto kind = in.u16("column type");
    if (kind != 1 && kind != 3 && kind != 4 && kind != 5)
        throw FddError("column type " + std::to_string(kind) + " at byte " + std::to_string(at) +
                       " is none of the four the samples use (1, 3, 4, 5)");
    col.kind = static_cast<FddColumnKind>(kind);
    const auto name_part = in.u16("column name length");
    const std::size_t name_at = in.pos();
    col.id = text16(in, "column name");
    col.setup_value = in.read<std::uint8_t>("column flag") != 0;
    if (in.pos() - name_at != name_part)
        throw FddError("column at byte " + std::to_string(at) + " says its name takes " + std::to_string(name_part) +
                       " bytes, not " + std::to_string(in.pos() - name_at));
    if (col.kind == FddColumnKind::enumerated) {
        const auto count = in.u16("label count");
        const auto bytes = in.u16("label bytes");
        const std::size_t labels_at = in.pos();
        for (std::uint16_t i = 0; i < count; ++i) col.labels.push_back(text16(in, "label"));
        if (in.pos() - labels_at != bytes)
            throw FddError("labels of column " + col.id + " take " + std::to_string(in.pos() - labels_at) +
                           " bytes, the header says " + std::to_string(bytes));
        return col;
    }
    const auto bytes = in.u16("number parameters length");
    if (bytes < 24 || bytes % 8 != 0)
        throw FddError("column " + col.id + " has " + std::to_string(bytes) + " bytes of parameters, not three doubles");
    col.resolution = in.read<double>("resolution");
    col.max_step = in.read<double>("largest step");
    col.initial = in.read<double>("initial value");
    in.take(bytes - 24, "further parameters");
    return col;
}

// A column bit set of `bytes` bytes, bit i for column i.
std::vector<bool> read_mask(Cursor& in, std::size_t bytes, std::size_t columns, const char* what) {
    const auto raw = in.take(bytes, what);
    std::vector<bool> out(columns);
    for (std::size_t i = 0; i < columns; ++i) out[i] = (static_cast<unsigned char>(raw[i / 8]) >> (i % 8)) & 1;
    return out;
}

// A value written whole: u16 code, u16 length, then a u16 index, a float or a double.
double read_whole(Cursor& in, const FddColumn& col) {
    const std::size_t at = in.pos();
    in.u16("whole value code");
    switch (in.u16("whole value length")) {
    case 2: return in.u16("whole index");
    case 4: return in.read<float>("whole float");
    case 8: return in.read<double>("whole double");
    default:
        throw FddError("whole value of column " + col.id + " at byte " + std::to_string(at) +
                       " is neither 2, 4 nor 8 bytes long");
    }
}

} // namespace

FddBlock decode_fdd_block(std::string_view fdd, std::size_t offset) {
    Cursor in(fdd, offset);
    if (in.u16("block header") != header_tag)
        throw FddError("no EvenByteDelta block header at byte " + std::to_string(offset));
    in.take(in.u16("block identity length"), "block identity"); // the session, task and field GUIDs
    in.u16("header word");
    in.u16("header word");
    const auto column_count = in.u16("column count");
    if (column_count == 0 || column_count > max_columns)
        throw FddError("block at byte " + std::to_string(offset) + " declares " + std::to_string(column_count) + " columns");

    FddBlock block;
    for (std::size_t i = 0; i < column_count; ++i) block.columns.push_back(read_column(in));
    const std::size_t n = block.columns.size();
    const std::size_t mask_bytes = (n + 7) / 8;
    block.values.resize(n);
    std::vector<double> current(n);
    for (std::size_t i = 0; i < n; ++i) current[i] = block.columns[i].initial;

    for (;;) {
        const std::size_t at = in.pos();
        const auto tag = in.u16("record tag");
        if (tag == end_tag) break;
        if (tag != record_tag)
            throw FddError("record tag " + std::to_string(tag) + " at byte " + std::to_string(at) +
                           " (the samples use 2 for a record and 4 for the block's end)");
        const bool has_status = in.read<std::uint8_t>("status flag") != 0;
        const auto no_value = read_mask(in, mask_bytes, n, "no-value mask");
        const auto unchanged = read_mask(in, mask_bytes, n, "unchanged mask");
        const auto whole = read_mask(in, mask_bytes, n, "whole-value mask");
        for (std::size_t i = 0; i < n; ++i) {
            if (no_value[i] || unchanged[i] || whole[i]) continue;
            const auto& col = block.columns[i];
            switch (col.kind) {
            case FddColumnKind::enumerated: current[i] = in.u16("index"); break;
            case FddColumnKind::delta16: current[i] += in.read<std::int16_t>("16-bit step") * col.resolution; break;
            case FddColumnKind::delta32: current[i] += in.read<std::int32_t>("32-bit step") * col.resolution; break;
            case FddColumnKind::whole:
                throw FddError("record at byte " + std::to_string(at) + " steps column " + col.id +
                               ", which is only ever written whole");
            }
        }
        if (has_status) {
            // A column bit set the display writes with some records (which columns it holds as
            // valid); not needed to place or value a point, so it is checked for size and skipped.
            in.u16("status code");
            const auto bytes = in.u16("status length");
            if (bytes != mask_bytes)
                throw FddError("status mask at byte " + std::to_string(at) + " is " + std::to_string(bytes) +
                               " bytes, not " + std::to_string(mask_bytes));
            in.take(bytes, "status mask");
        }
        for (std::size_t i = 0; i < n; ++i)
            if (whole[i]) current[i] = read_whole(in, block.columns[i]);
        for (std::size_t i = 0; i < n; ++i) {
            block.values[i].push_back(no_value[i] ? std::numeric_limits<double>::quiet_NaN() : current[i]);
            // After a record without a value the next step counts from zero (moisture read as
            // ~17 % stepped up by ~17 each time the sensor came back until this was applied).
            if (no_value[i] && block.columns[i].kind != FddColumnKind::enumerated) current[i] = 0;
        }
        ++block.records;
    }
    block.end = in.pos();
    return block;
}

} // namespace furrow::formats::jd_greenstar
