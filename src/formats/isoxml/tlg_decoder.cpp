#include "formats/isoxml/tlg_decoder.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace furrow::formats::isoxml {
namespace {

// ISO 11783-10 binary field sizes of PTN A..I.
constexpr std::array<std::size_t, ptn_field_count> field_size = {4, 4, 4, 1, 2, 2, 1, 4, 2};
constexpr std::size_t time_size = 6; // uint32 ms + uint16 days
constexpr std::size_t sample_size = 5; // uint8 index + int32 value
constexpr std::size_t not_logged = static_cast<std::size_t>(-1);

// Where each binary field sits in a record; computed once per header.
struct Layout {
    bool has_time = false;
    std::array<std::size_t, ptn_field_count> offset{};
    std::size_t fixed_size = 0; // bytes before the DLV count
};

Layout layout_of(const TlgHeader& header) {
    Layout layout;
    layout.has_time = header.start.mode == FieldMode::binary;
    std::size_t pos = layout.has_time ? time_size : 0;
    for (std::size_t field = 0; field < ptn_field_count; ++field) {
        if (header.ptn[field].mode != FieldMode::binary) {
            layout.offset[field] = not_logged;
            continue;
        }
        layout.offset[field] = pos;
        pos += field_size[field];
    }
    layout.fixed_size = pos;
    return layout;
}

// Little-endian reads by bytes: no alignment or host byte order assumptions; compilers emit one load.
std::uint32_t u32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
std::uint16_t u16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
std::int32_t i32(const std::uint8_t* p) { return static_cast<std::int32_t>(u32(p)); }

// A field's value in the record: the binary one, the header's fixed one, or `fallback`.
double field_value(const TlgHeader& header, const Layout& layout, const std::uint8_t* record, PtnField field,
                   double fallback) {
    const std::size_t f = index_of(field);
    if (layout.offset[f] != not_logged) {
        const std::uint8_t* p = record + layout.offset[f];
        switch (field_size[f]) {
        case 1: return p[0];
        case 2: return u16(p);
        default: return field == PtnField::gps_time ? static_cast<double>(u32(p)) : static_cast<double>(i32(p));
        }
    }
    return header.ptn[f].mode == FieldMode::fixed ? header.ptn[f].fixed : fallback;
}

// Fixed values come from XML text and may be anything: clamp before converting (no UB on 1e300).
template <typename T>
T clamped(double v) {
    if (!(v > 0)) return 0;
    if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
    return static_cast<T>(v);
}

bool available(const TlgHeader& header, PtnField field) {
    return header.ptn[index_of(field)].mode != FieldMode::absent;
}

// Fills everything but the samples from the fixed part of a record.
void read_fixed_part(const TlgHeader& header, const Layout& layout, const std::uint8_t* p, TimeMs now, TlgRecord& r) {
    if (layout.has_time) r.record_time = time_from_1980(u16(p + 4), u32(p));
    const auto value = [&](PtnField field, double fallback) { return field_value(header, layout, p, field, fallback); };
    if (r.has_position) {
        // Binary positions are int32 x 1e-7 degrees; fixed ones are already degrees.
        r.north = layout.offset[0] != not_logged ? i32(p + layout.offset[0]) * 1e-7 : header.ptn[0].fixed;
        r.east = layout.offset[1] != not_logged ? i32(p + layout.offset[1]) * 1e-7 : header.ptn[1].fixed;
    }
    r.up = value(PtnField::up, std::numeric_limits<double>::quiet_NaN());
    r.status = clamped<std::uint8_t>(value(PtnField::status, 0));
    r.pdop = clamped<std::uint16_t>(value(PtnField::pdop, 0));
    r.hdop = clamped<std::uint16_t>(value(PtnField::hdop, 0));
    r.satellites = clamped<std::uint8_t>(value(PtnField::satellites, 0));
    r.time = r.record_time;
    r.rejected_gps_time.reset();
    if (available(header, PtnField::gps_time) && available(header, PtnField::gps_date)) {
        // Day 0 (before the GPS epoch) and 0xFFFF ("not available") mean the receiver had no time.
        const auto days = clamped<std::uint16_t>(value(PtnField::gps_date, 0));
        if (days != 0 && days != 0xFFFF) {
            const TimeMs gps = time_from_1980(days, clamped<std::uint32_t>(value(PtnField::gps_time, 0)));
            r.time = vet_gps_time(gps, r.record_time, now);
            if (r.time != gps) r.rejected_gps_time = gps;
        }
    }
}

[[noreturn]] void truncated(std::string_view bin_name, std::size_t number) {
    throw Error(ErrorCode::corrupt_file, fmt::format("isoxml: {}: record {}: truncated", bin_name, number));
}

} // namespace

bool is_plausible_time(TimeMs t, TimeMs now) { return t >= plausible_from_ms && t <= now + one_day_ms; }

TimeMs vet_gps_time(TimeMs gps, TimeMs record_time, TimeMs now) {
    if (!is_plausible_time(record_time, now)) return gps; // nothing better to offer
    if (is_plausible_time(gps, now) && std::abs(gps - record_time) <= one_day_ms) return gps;
    return record_time;
}

std::size_t decode_tlg(const TlgHeader& header, std::span<const std::uint8_t> bin, std::string_view bin_name,
                       const RecordVisitor& visit, std::size_t max_records) {
    const Layout layout = layout_of(header);
    const std::size_t dlv_count = header.dlvs.size();
    std::array<DlvSample, 255> samples{}; // N is a uint8: at most 255 per record
    TlgRecord record;
    record.has_position = available(header, PtnField::north) && available(header, PtnField::east);
    if (header.start.mode == FieldMode::fixed) record.record_time = clamped<TimeMs>(header.start.fixed);

    const TimeMs now = now_ms();
    std::size_t pos = 0;
    std::size_t count = 0;
    while (pos < bin.size() && count < max_records) {
        const std::size_t number = count + 1;
        if (bin.size() - pos < layout.fixed_size + 1) truncated(bin_name, number);
        const std::uint8_t* p = bin.data() + pos;
        const std::size_t n = p[layout.fixed_size];
        pos += layout.fixed_size + 1;
        if ((bin.size() - pos) / sample_size < n) truncated(bin_name, number);
        const std::uint8_t* s = bin.data() + pos;
        for (std::size_t sample_idx = 0; sample_idx < n; ++sample_idx, s += sample_size) {
            if (s[0] >= dlv_count)
                throw Error(ErrorCode::corrupt_file,
                            fmt::format("isoxml: {}: record {}: DLV index {} but the header has {} DLVs", bin_name,
                                        number, s[0], dlv_count));
            samples[sample_idx] = {s[0], i32(s + 1)};
        }
        pos += n * sample_size;
        read_fixed_part(header, layout, p, now, record);
        record.number = number;
        record.samples = std::span<const DlvSample>(samples.data(), n);
        visit(record);
        ++count;
    }
    return count;
}

} // namespace furrow::formats::isoxml
