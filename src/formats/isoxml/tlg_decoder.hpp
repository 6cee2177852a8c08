#pragma once
// ISO 11783-10 binary time logs: the TLGnnnnn.XML header and its TLGnnnnn.BIN records.
//
// The header is a TIM element. An attribute present with an empty value (A="") is stored in every
// binary record; one with a value is fixed for all records; an absent one is not logged.
// A record (little-endian) is: TIM A start as uint32 ms since midnight + uint16 days since
// 1980-01-01, then the binary PTN fields in order A north int32 1e-7 deg, B east int32 1e-7 deg,
// C up int32 mm, D status uint8, E PDOP uint16, F HDOP uint16, G satellites uint8, H GPS UTC time
// uint32 ms, I GPS UTC date uint16 days since 1980-01-01, then uint8 N and N x (uint8 DLV index,
// int32 value). DLV values are "last known": a record holds only those that were sent.
//
// decode_tlg() reads straight from the byte span, allocates nothing per record, never reads out of
// bounds and throws Error(corrupt_file, "isoxml: <bin>: record <n>: ...") on a record that runs past
// the end or names a DLV the header does not have. Records are numbered from 1 in messages.
#include "core/time.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::isoxml {

enum class FieldMode : std::uint8_t { absent, binary, fixed };

struct HeaderField {
    FieldMode mode = FieldMode::absent;
    double fixed = 0; // the value when mode == fixed (PTN A/B in degrees, C in mm, others raw)
};

// PTN attributes A..I, in binary order.
enum class PtnField : std::uint8_t { north, east, up, status, pdop, hdop, satellites, gps_time, gps_date };
inline constexpr std::size_t ptn_field_count = 9;
constexpr std::size_t index_of(PtnField field) { return static_cast<std::size_t>(field); }

struct TlgDlv {
    std::uint16_t ddi = 0xFFFF; // 0xFFFF (reserved) when the header's A is not a DDI
    std::string element_id;     // C: the DET the value belongs to
};

struct TlgHeader {
    HeaderField start;                          // TIM A (fixed: UTC ms since the epoch)
    std::array<HeaderField, ptn_field_count> ptn; // PTN A..I, indexed by index_of(PtnField)
    std::vector<TlgDlv> dlvs;
};

// Parses a TLGnnnnn.XML. Throws Error(corrupt_file, "isoxml: <name>: ...") on malformed XML,
// a root that is not TIM or a fixed value that is not a number / time.
TlgHeader parse_tlg_header(std::string_view xml, std::string_view name);

struct DlvSample {
    std::uint8_t index; // into TlgHeader::dlvs, checked
    std::int32_t value;
};

struct TlgRecord {
    std::size_t number = 0;    // from 1
    // GPS UTC (PTN H + I) when both are logged, the date is set and the time is true (see
    // vet_gps_time), else record_time. ISOXML record times are the terminal's local time (so ADAPT
    // reads them); no zone is recorded, so furrow takes them as UTC.
    TimeMs time = 0;
    TimeMs record_time = 0;    // TIM A date + ms (0 when TIM A is absent)
    std::optional<TimeMs> rejected_gps_time; // a GPS time that vet_gps_time() replaced by record_time
    bool has_position = false; // PTN A and B are logged or fixed
    double north = 0, east = 0; // degrees
    double up = std::numeric_limits<double>::quiet_NaN(); // mm
    std::uint8_t status = 0, satellites = 0;
    std::uint16_t pdop = 0, hdop = 0; // x 0.1
    std::span<const DlvSample> samples;
};

using RecordVisitor = std::function<void(const TlgRecord&)>;

// Decodes up to `max_records` records of `bin` (named `bin_name` in errors) and returns how many.
std::size_t decode_tlg(const TlgHeader& header, std::span<const std::uint8_t> bin, std::string_view bin_name,
                       const RecordVisitor& visit, std::size_t max_records = std::numeric_limits<std::size_t>::max());

// Issue 15 point 4: a time is plausible from 1990-01-01 to one day after `now` (the conversion, which
// follows the upload). The GPS time is kept when plausible and within a day of the record's own
// (TIM A) time; otherwise a plausible record time replaces it. A receiver's garbage date (the year
// 2149: day 62 000 since 1980) or a week-number rollover is caught; a terminal clock that is merely
// off by hours is not (GPS wins).
constexpr TimeMs plausible_from_ms = 631'152'000'000; // 1990-01-01T00:00:00Z
constexpr TimeMs one_day_ms = 86'400'000;
bool is_plausible_time(TimeMs t, TimeMs now);
TimeMs vet_gps_time(TimeMs gps, TimeMs record_time, TimeMs now); // the time to use

// Days since 1980-01-01 + ms since midnight -> UTC ms since the Unix epoch.
constexpr TimeMs time_from_1980(std::uint16_t days, std::uint32_t ms) {
    constexpr TimeMs days_1970_to_1980 = 3652;
    return (static_cast<TimeMs>(days) + days_1970_to_1980) * 86'400'000 + static_cast<TimeMs>(ms);
}

} // namespace furrow::formats::isoxml
