// The GreenStar .fdd EvenByteDelta block decoder on hand-built bytes: every expected value below is
// worked out by hand from the bytes the test writes (docs/FORMATS.md, "John Deere GreenStar 2/3").
#include "formats/jd_greenstar/fdd_block.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

namespace furrow::formats::jd_greenstar {
namespace {

struct Bytes {
    std::string b;
    template <typename T> Bytes& put(T v) {
        char raw[sizeof(T)];
        std::memcpy(raw, &v, sizeof(T));
        b.append(raw, sizeof(T));
        return *this;
    }
    Bytes& u16(std::uint16_t v) { return put(v); }
    Bytes& u8(std::uint8_t v) { return put(v); }
    Bytes& text(const std::string& s) {
        u16(static_cast<std::uint16_t>(s.size()));
        b += s;
        return *this;
    }
    // A column entry: type, the length of (name length + name + flag), name, flag, then parameters.
    Bytes& number_column(std::uint16_t type, const std::string& name, bool flag, double res, double step, double initial) {
        u16(type).u16(static_cast<std::uint16_t>(2 + name.size() + 1)).text(name).u8(flag ? 1 : 0);
        return u16(24).put(res).put(step).put(initial);
    }
    Bytes& enum_column(const std::string& name, const std::vector<std::string>& labels) {
        u16(1).u16(static_cast<std::uint16_t>(2 + name.size() + 1)).text(name).u8(0);
        std::size_t bytes = 0;
        for (const auto& l : labels) bytes += 2 + l.size();
        u16(static_cast<std::uint16_t>(labels.size())).u16(static_cast<std::uint16_t>(bytes));
        for (const auto& l : labels) text(l);
        return *this;
    }
};

// Header with four columns: latitude (32-bit steps of 1e-9 from 41.5), a clock (16-bit steps of
// 50 from 0), a recording state (labels On, Off) and a whole-only set value.
Bytes header() {
    Bytes h;
    h.u16(1).u16(4).b += "GUID";
    h.u16(1).u16(2).u16(4);
    h.number_column(4, "Lat", false, 1e-9, 0.00045, 41.5);
    h.number_column(3, "Time", false, 50, 12500, 0);
    h.enum_column("State", {"dtiRecordingStatusOn", "dtiRecordingStatusOff"});
    h.number_column(5, "Height", true, 0, 0, 0);
    return h;
}

TEST(FddBlock, DecodesStepsWholeValuesAndGaps) {
    Bytes f = header();
    // Record 1: every column logged; the set value written whole after the status mask.
    f.u16(2).u8(1).u8(0x00).u8(0x00).u8(0x08);
    f.put<std::int32_t>(1000).put<std::int16_t>(4).u16(1);
    f.u16(3).u16(1).u8(0x07);                 // status mask, one byte for four columns
    f.u16(3).u16(8).put(24.0);                // Height, whole
    // Record 2: no latitude, the set value unchanged.
    f.u16(2).u8(0).u8(0x01).u8(0x08).u8(0x00);
    f.put<std::int16_t>(5).u16(0);
    // Record 3: latitude back (stepping from zero after the gap), state and set value unchanged.
    f.u16(2).u8(0).u8(0x00).u8(0x0C).u8(0x00);
    f.put<std::int32_t>(7).put<std::int16_t>(4);
    f.u16(4);
    const std::size_t size = f.b.size();
    f.b += "trailing bytes of the next block";

    const FddBlock block = decode_fdd_block(f.b, 0);
    ASSERT_EQ(block.columns.size(), 4u);
    EXPECT_EQ(block.columns[0].id, "Lat");
    EXPECT_EQ(block.columns[2].labels.at(1), "dtiRecordingStatusOff");
    EXPECT_TRUE(block.columns[3].setup_value);
    EXPECT_EQ(block.end, size);
    ASSERT_EQ(block.records, 3u);
    EXPECT_NEAR(block.values[0][0], 41.5 + 1000e-9, 1e-12);
    EXPECT_TRUE(std::isnan(block.values[0][1]));
    EXPECT_NEAR(block.values[0][2], 7e-9, 1e-15);
    EXPECT_EQ(block.values[1], (std::vector<double>{200, 450, 650}));
    EXPECT_EQ(block.values[2], (std::vector<double>{1, 0, 0}));
    EXPECT_EQ(block.values[3], (std::vector<double>{24, 24, 24}));
}

TEST(FddBlock, StartsAtTheOffsetTheFdlGives) {
    Bytes f;
    f.b = "previous block";
    const std::size_t offset = f.b.size();
    f.b += header().b;
    f.u16(2).u8(0).u8(0x00).u8(0x0F).u8(0x00).u16(4);
    const FddBlock block = decode_fdd_block(f.b, offset);
    ASSERT_EQ(block.records, 1u);
    EXPECT_EQ(block.values[0][0], 41.5);
}

void expect_error(const std::string& bytes, const std::string& part) {
    try {
        decode_fdd_block(bytes, 0);
        FAIL() << "no error, expected one mentioning " << part;
    } catch (const FddError& e) {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(FddBlock, RefusesWhatTheSamplesNeverShow) {
    Bytes cut = header();
    cut.u16(2).u8(0).u8(0).u8(0).u8(0).put<std::int32_t>(1);
    expect_error(cut.b, "truncated 16-bit step at byte");

    Bytes tag = header();
    tag.u16(7);
    expect_error(tag.b, "record tag 7");

    Bytes stepped = header();
    stepped.u16(2).u8(0).u8(0).u8(0).u8(0).put<std::int32_t>(1).put<std::int16_t>(1).u16(0);
    expect_error(stepped.b, "only ever written whole");

    Bytes status = header();
    status.u16(2).u8(1).u8(0).u8(0x0F).u8(0).u16(3).u16(2).u16(0);
    expect_error(status.b, "status mask");

    expect_error(std::string("\x01\x00\x04\x00GUID\x01\x00\x02\x00\x00\x00", 14), "declares 0 columns");
    expect_error(std::string("\x02\x00", 2), "no EvenByteDelta block header");
}

} // namespace
} // namespace furrow::formats::jd_greenstar
