#include "formats/isoxml/tlg_decoder.hpp"

#include "core/error.hpp"
#include "unit/formats/isoxml/tlg_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::formats::isoxml {
namespace {

using testing::TlgWriter;
using testing::days_2020_01_02;

constexpr TimeMs t_2020_01_02 = 1'577'923'200'000; // 2020-01-02T00:00:00Z

TlgHeader header_with(std::initializer_list<PtnField> binary_fields, std::size_t dlv_count = 2) {
    TlgHeader header;
    header.start.mode = FieldMode::binary;
    for (const auto field : binary_fields) header.ptn[index_of(field)].mode = FieldMode::binary;
    for (std::size_t dlv_idx = 0; dlv_idx < dlv_count; ++dlv_idx)
        header.dlvs.push_back({static_cast<std::uint16_t>(0x0054 + dlv_idx), "DET-1"});
    return header;
}

std::vector<TlgRecord> decode_all(const TlgHeader& header, const TlgWriter& bin,
                                  std::vector<std::vector<DlvSample>>* samples = nullptr) {
    std::vector<TlgRecord> out;
    decode_tlg(header, bin.span(), "TLG00003.BIN", [&](const TlgRecord& r) {
        out.push_back(r);
        if (samples != nullptr) samples->emplace_back(r.samples.begin(), r.samples.end());
    });
    return out;
}

std::string error_of(const TlgHeader& header, const TlgWriter& bin) {
    try {
        decode_all(header, bin);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_file);
        return e.what();
    }
    return "no error";
}

TEST(TlgDecoder, decodes_time_position_and_samples_of_each_record) {
    const auto header = header_with({PtnField::north, PtnField::east, PtnField::status});
    TlgWriter bin;
    bin.time(61'820'000, days_2020_01_02).position(54.5806840, 10.2091957).u8(4).samples({{0, 1200}, {1, -7}});
    bin.time(61'821'000, days_2020_01_02).position(54.5806850, 10.2091960).u8(4).samples({});
    std::vector<std::vector<DlvSample>> samples;
    const auto records = decode_all(header, bin, &samples);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].number, 1u);
    EXPECT_EQ(records[0].time, t_2020_01_02 + 61'820'000);
    EXPECT_TRUE(records[0].has_position);
    EXPECT_NEAR(records[0].north, 54.580684, 1e-7);
    EXPECT_NEAR(records[0].east, 10.2091957, 1e-7);
    EXPECT_EQ(records[0].status, 4);
    EXPECT_TRUE(std::isnan(records[0].up));
    ASSERT_EQ(samples[0].size(), 2u);
    EXPECT_EQ(samples[0][1].index, 1);
    EXPECT_EQ(samples[0][1].value, -7);
    EXPECT_TRUE(samples[1].empty());
    EXPECT_EQ(records[1].time, t_2020_01_02 + 61'821'000);
}

// All 512 combinations of PTN A..I in the binary: each field is read from its own place.
TEST(TlgDecoder, reads_every_combination_of_binary_position_fields) {
    for (unsigned mask = 0; mask < 512; ++mask) {
        TlgHeader header = header_with({});
        TlgWriter bin;
        bin.time(1000, 10);
        const auto on = [&](PtnField f) { return (mask >> index_of(f)) & 1U; };
        for (std::size_t field = 0; field < ptn_field_count; ++field)
            if ((mask >> field) & 1U) header.ptn[field].mode = FieldMode::binary;
        if (on(PtnField::north)) bin.i32(-123'456'789);
        if (on(PtnField::east)) bin.i32(987'654'321);
        if (on(PtnField::up)) bin.i32(-4567);
        if (on(PtnField::status)) bin.u8(5);
        if (on(PtnField::pdop)) bin.u16(12);
        if (on(PtnField::hdop)) bin.u16(9);
        if (on(PtnField::satellites)) bin.u8(14);
        if (on(PtnField::gps_time)) bin.u32(3'000'000'000U);
        if (on(PtnField::gps_date)) bin.u16(days_2020_01_02);
        bin.samples({{1, 42}});
        std::vector<std::vector<DlvSample>> samples;
        const auto records = decode_all(header, bin, &samples);
        ASSERT_EQ(records.size(), 1u) << "mask " << mask;
        const auto& r = records[0];
        EXPECT_EQ(r.has_position, on(PtnField::north) && on(PtnField::east)) << mask;
        if (r.has_position) {
            EXPECT_NEAR(r.north, -12.3456789, 1e-9) << mask;
            EXPECT_NEAR(r.east, 98.7654321, 1e-9) << mask;
        }
        EXPECT_EQ(std::isnan(r.up), !on(PtnField::up)) << mask;
        if (on(PtnField::up)) {
            EXPECT_EQ(r.up, -4567) << mask;
        }
        EXPECT_EQ(r.status, on(PtnField::status) ? 5 : 0) << mask;
        EXPECT_EQ(r.pdop, on(PtnField::pdop) ? 12 : 0) << mask;
        EXPECT_EQ(r.hdop, on(PtnField::hdop) ? 9 : 0) << mask;
        EXPECT_EQ(r.satellites, on(PtnField::satellites) ? 14 : 0) << mask;
        const bool gps = on(PtnField::gps_time) && on(PtnField::gps_date);
        EXPECT_EQ(r.time, gps ? t_2020_01_02 + 3'000'000'000LL : time_from_1980(10, 1000)) << mask;
        ASSERT_EQ(samples[0].size(), 1u) << mask;
        EXPECT_EQ(samples[0][0].value, 42) << mask;
    }
}

TEST(TlgDecoder, fixed_header_values_apply_to_every_record_and_take_no_bytes) {
    TlgHeader header = header_with({PtnField::north});
    header.ptn[index_of(PtnField::east)] = {FieldMode::fixed, 9.5};
    header.ptn[index_of(PtnField::up)] = {FieldMode::fixed, 120};
    header.start = {FieldMode::fixed, static_cast<double>(t_2020_01_02)};
    TlgWriter bin;
    bin.i32(455'000'000).samples({});
    bin.i32(455'000'001).samples({{0, 3}});
    const auto records = decode_all(header, bin);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_NEAR(records[1].north, 45.5000001, 1e-9);
    EXPECT_EQ(records[1].east, 9.5);
    EXPECT_EQ(records[1].up, 120);
    EXPECT_EQ(records[1].time, t_2020_01_02);
}

TEST(TlgDecoder, gps_time_without_a_date_falls_back_to_the_record_time) {
    const auto header = header_with({PtnField::north, PtnField::east, PtnField::gps_time, PtnField::gps_date});
    TlgWriter bin;
    bin.time(7000, days_2020_01_02).position(1, 2).u32(0).u16(0).samples({});
    bin.time(8000, days_2020_01_02).position(1, 2).u32(5000).u16(0xFFFF).samples({});
    bin.time(9000, days_2020_01_02).position(1, 2).u32(4000).u16(days_2020_01_02).samples({});
    const auto records = decode_all(header, bin);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].time, t_2020_01_02 + 7000);
    EXPECT_EQ(records[1].time, t_2020_01_02 + 8000);
    EXPECT_EQ(records[2].time, t_2020_01_02 + 4000);
    EXPECT_EQ(records[2].record_time, t_2020_01_02 + 9000);
}

TEST(TlgDecoder, a_gps_time_that_is_not_true_gives_way_to_the_record_time) {
    const auto header = header_with({PtnField::north, PtnField::east, PtnField::gps_time, PtnField::gps_date});
    const std::uint16_t days_2149 = 62'000; // 2149-09-..: a receiver's garbage date
    TlgWriter bin;
    bin.time(1000, days_2020_01_02).position(1, 2).u32(1000).u16(days_2149).samples({});
    bin.time(2000, days_2020_01_02).position(1, 2).u32(2000).u16(days_2020_01_02 + 2).samples({}); // 2 days off
    bin.time(3000, days_2020_01_02).position(1, 2).u32(3000 + 7'200'000).u16(days_2020_01_02).samples({}); // 2 h: kept
    const auto records = decode_all(header, bin);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].time, t_2020_01_02 + 1000);
    EXPECT_EQ(records[0].rejected_gps_time, time_from_1980(days_2149, 1000));
    EXPECT_EQ(records[1].time, t_2020_01_02 + 2000);
    EXPECT_EQ(records[1].rejected_gps_time, t_2020_01_02 + 2 * one_day_ms + 2000);
    EXPECT_EQ(records[2].time, t_2020_01_02 + 3000 + 7'200'000);
    EXPECT_FALSE(records[2].rejected_gps_time);
}

TEST(TlgDecoder, vetting_keeps_gps_when_the_record_time_is_no_better) {
    const TimeMs now = t_2020_01_02 + 10 * one_day_ms;
    EXPECT_EQ(vet_gps_time(t_2020_01_02, 0, now), t_2020_01_02);                      // no record time
    EXPECT_EQ(vet_gps_time(t_2020_01_02, plausible_from_ms - 1, now), t_2020_01_02);  // 1989: not better
    EXPECT_EQ(vet_gps_time(now + 2 * one_day_ms, t_2020_01_02, now), t_2020_01_02);   // future GPS
    EXPECT_EQ(vet_gps_time(now + one_day_ms, now + one_day_ms - 5, now), now + one_day_ms); // the limit is in
    EXPECT_TRUE(is_plausible_time(plausible_from_ms, now));
    EXPECT_FALSE(is_plausible_time(now + one_day_ms + 1, now));
}

TEST(TlgDecoder, without_tim_start_records_have_no_time_bytes) {
    TlgHeader header = header_with({PtnField::north, PtnField::east});
    header.start = {};
    TlgWriter bin;
    bin.position(1, 2).samples({});
    const auto records = decode_all(header, bin);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].time, 0);
    EXPECT_NEAR(records[0].east, 2, 1e-9);
}

TEST(TlgDecoder, records_without_north_and_east_have_no_position) {
    const auto header = header_with({PtnField::north});
    TlgWriter bin;
    bin.time(0, 0).i32(1).samples({});
    const auto records = decode_all(header, bin);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_FALSE(records[0].has_position);
}

TEST(TlgDecoder, empty_file_has_no_records) {
    EXPECT_TRUE(decode_all(header_with({PtnField::north, PtnField::east}), TlgWriter()).empty());
}

TEST(TlgDecoder, rejects_record_past_end_of_file) {
    const auto header = header_with({PtnField::north, PtnField::east});
    TlgWriter bin;
    bin.time(0, 0).position(1, 2).samples({{0, 1}});
    bin.time(0, 0).position(1, 2); // no DLV count
    EXPECT_EQ(error_of(header, bin), "isoxml: TLG00003.BIN: record 2: truncated");
}

TEST(TlgDecoder, rejects_samples_past_end_of_file) {
    const auto header = header_with({PtnField::north, PtnField::east});
    TlgWriter bin;
    bin.time(0, 0).position(1, 2).u8(2).u8(0).i32(5).u8(1).u16(7); // second sample cut short
    EXPECT_EQ(error_of(header, bin), "isoxml: TLG00003.BIN: record 1: truncated");
}

TEST(TlgDecoder, rejects_dlv_index_the_header_does_not_have) {
    const auto header = header_with({PtnField::north, PtnField::east}, 2);
    TlgWriter bin;
    bin.time(0, 0).position(1, 2).samples({{1, 1}});
    bin.time(0, 0).position(1, 2).samples({{0, 1}, {2, 1}});
    EXPECT_EQ(error_of(header, bin), "isoxml: TLG00003.BIN: record 2: DLV index 2 but the header has 2 DLVs");
}

TEST(TlgDecoder, stops_after_max_records) {
    const auto header = header_with({PtnField::north, PtnField::east});
    TlgWriter bin;
    bin.time(5, 0).position(1, 2).samples({});
    bin.time(6, 0).position(1, 2); // truncated, but never reached
    std::size_t seen = 0;
    EXPECT_EQ(decode_tlg(header, bin.span(), "x.bin", [&](const TlgRecord&) { ++seen; }, 1), 1u);
    EXPECT_EQ(seen, 1u);
}

TEST(TlgHeaderParser, reads_binary_fixed_and_absent_attributes) {
    const auto header = parse_tlg_header(R"(<?xml version="1.0" encoding="UTF-8"?>
<TIM A="" D="4">
    <PTN A="" B="" C="250" D=""/>
    <DLV A="0054" B="" C="DET-1"/>
    <DLV A="zz" B="" C="DET-2"/>
    <DLV A="E000" B="" C="DET-2"/>
</TIM>)", "TLG00001.XML");
    EXPECT_EQ(header.start.mode, FieldMode::binary);
    EXPECT_EQ(header.ptn[index_of(PtnField::north)].mode, FieldMode::binary);
    EXPECT_EQ(header.ptn[index_of(PtnField::up)].mode, FieldMode::fixed);
    EXPECT_EQ(header.ptn[index_of(PtnField::up)].fixed, 250);
    EXPECT_EQ(header.ptn[index_of(PtnField::pdop)].mode, FieldMode::absent);
    ASSERT_EQ(header.dlvs.size(), 3u);
    EXPECT_EQ(header.dlvs[0].ddi, 0x0054);
    EXPECT_EQ(header.dlvs[0].element_id, "DET-1");
    EXPECT_EQ(header.dlvs[1].ddi, 0xFFFF); // keeps its index
    EXPECT_EQ(header.dlvs[2].ddi, 0xE000);
}

TEST(TlgHeaderParser, reads_a_fixed_start_time) {
    const auto header = parse_tlg_header(R"(<TIM A="2020-01-02T00:00:01Z" D="4"><PTN A="" B=""/></TIM>)", "TLG1.XML");
    EXPECT_EQ(header.start.mode, FieldMode::fixed);
    EXPECT_EQ(header.start.fixed, static_cast<double>(t_2020_01_02 + 1000));
}

TEST(TlgHeaderParser, rejects_malformed_xml_with_offset) {
    try {
        parse_tlg_header("<TIM A=\"\"><PTN A=\"\"></TIM>", "TLG00009.XML");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_file);
        EXPECT_NE(std::string(e.what()).find("isoxml: TLG00009.XML: malformed XML: "), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(" at offset "), std::string::npos) << e.what();
    }
}

TEST(TlgHeaderParser, rejects_a_root_that_is_not_tim_and_non_numeric_values) {
    EXPECT_THROW(parse_tlg_header("<PTN A=\"\"/>", "TLG1.XML"), Error);
    EXPECT_THROW(parse_tlg_header("<TIM A=\"\"><PTN A=\"north\"/></TIM>", "TLG1.XML"), Error);
    EXPECT_THROW(parse_tlg_header("<TIM A=\"yesterday\"/>", "TLG1.XML"), Error);
}

} // namespace
} // namespace furrow::formats::isoxml
