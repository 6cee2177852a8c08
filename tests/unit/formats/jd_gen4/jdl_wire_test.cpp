// The frame reader, the protobuf wire walker and the .jdl stream decoder on hand-built bytes.
#include "formats/jd_gen4/jdl_frames.hpp"
#include "formats/jd_gen4/jdl_setup.hpp"
#include "formats/jd_gen4/jdl_streams.hpp"
#include "formats/jd_gen4/protobuf_wire.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <string>
#include <vector>

namespace furrow::formats::jd_gen4 {
namespace {

// A minimal protobuf writer, so each test states its message field by field.
struct Msg {
    std::string b;
    static std::string varint(std::uint64_t v) {
        std::string out;
        do {
            std::uint8_t byte = v & 0x7F;
            v >>= 7;
            if (v) byte |= 0x80;
            out.push_back(static_cast<char>(byte));
        } while (v);
        return out;
    }
    // int64 fields (start times) are plain two's complement varints, as in the samples (-12005 is
    // written 0xFFFF...D11B); the packed deltas are zigzag (sint64).
    static std::uint64_t i64(std::int64_t v) { return static_cast<std::uint64_t>(v); }
    static std::uint64_t zz(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
    Msg& u(std::uint32_t n, std::uint64_t v) { b += varint(std::uint64_t{n} << 3) + varint(v); return *this; }
    Msg& d(std::uint32_t n, double v) {
        b += varint((std::uint64_t{n} << 3) | 1);
        char raw[8];
        std::memcpy(raw, &v, 8);
        b.append(raw, 8);
        return *this;
    }
    Msg& s(std::uint32_t n, const std::string& v) { b += varint((std::uint64_t{n} << 3) | 2) + varint(v.size()) + v; return *this; }
    Msg& m(std::uint32_t n, const Msg& v) { return s(n, v.b); }
    Msg& packed_zz(std::uint32_t n, std::initializer_list<std::int64_t> values) {
        std::string p;
        for (auto v : values) p += varint(zz(v));
        return s(n, p);
    }
};

std::string frame(const Msg& m) {
    std::string out(1, '\x0D');
    const auto n = static_cast<std::uint32_t>(m.b.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
    return out + m.b;
}

TEST(JdlWire, reads_each_wire_type) {
    const Msg m = Msg().u(1, 300).d(2, 41.5).s(3, "Corn").u(4, Msg::zz(-12000));
    WireReader r(m.b);
    WireField f;
    ASSERT_TRUE(r.next(f));
    EXPECT_EQ(f.number, 1u);
    EXPECT_EQ(f.varint, 300u); // 0xAC 0x02
    ASSERT_TRUE(r.next(f));
    EXPECT_EQ(f.type, WireType::fixed64);
    EXPECT_DOUBLE_EQ(f.as_double(), 41.5);
    ASSERT_TRUE(r.next(f));
    EXPECT_EQ(f.bytes, "Corn");
    ASSERT_TRUE(r.next(f));
    EXPECT_EQ(zigzag_decode(f.varint), -12000);
    EXPECT_FALSE(r.next(f));
}

TEST(JdlWire, decodes_varints_by_hand) {
    std::size_t pos = 0;
    EXPECT_EQ(read_varint_at(std::string_view("\x96\x01", 2), pos), 150u); // protobuf docs' example
    EXPECT_EQ(pos, 2u);
    EXPECT_EQ(zigzag_decode(0), 0);
    EXPECT_EQ(zigzag_decode(1), -1);
    EXPECT_EQ(zigzag_decode(2), 1);
    EXPECT_EQ(zigzag_decode(400), 200);
}

TEST(JdlWire, refuses_malformed_messages_with_the_offset) {
    WireField f;
    WireReader truncated_varint(std::string_view("\x08\x96", 2));
    EXPECT_THROW(truncated_varint.next(f), WireError);
    WireReader long_bytes(std::string_view("\x1a\x05" "ab", 4)); // field 3 claims 5 bytes, 2 left
    try {
        long_bytes.next(f);
        FAIL();
    } catch (const WireError& e) {
        EXPECT_NE(std::string(e.what()).find("claims 5 bytes, 2 left"), std::string::npos) << e.what();
    }
    WireReader group(std::string_view("\x0b", 1)); // wire type 3 (start group)
    EXPECT_THROW(group.next(f), WireError);
    WireReader field_zero(std::string_view("\x00\x01", 2));
    EXPECT_THROW(field_zero.next(f), WireError);
    const std::string eleven(11, '\xff');
    std::size_t pos = 0;
    EXPECT_THROW(read_varint_at(eleven, pos), WireError);
}

TEST(JdlSetup, product_allocations_name_the_element_they_feed) {
    // Equipment: one implement with two elements (id 428: boom, id 3562: DI pump), one rate channel each.
    const Msg boom = Msg().u(1, 428).m(5, Msg().u(1, 411).u(7, 1).s(5, "[mm3]1[m2]-1")).s(9, "Boom");
    const Msg pump = Msg().u(1, 3562).m(5, Msg().u(1, 3570).u(7, 1).s(5, "[mm3]1[m2]-1")).s(9, "DI Pump 1");
    const Msg equipment = Msg().m(2, Msg().u(1, 7).u(2, 2).s(5, "Whistler").m(7, boom).m(7, pump));
    const auto entry = [](const std::string& guid, const std::string& name) {
        return Msg().m(1, Msg().m(1, Msg().s(1, guid).s(2, name)));
    };
    // Products: a tank mix (21.7) and a chemical (21.4); allocations 20.1 = {1: element, 3: {1: guid}};
    // an allocation without a product and one naming an unknown guid are ignored.
    const Msg catalogue = Msg().m(4, entry("{c}", "Atrazine")).m(7, entry("{t}", "Tank Mix"));
    const Msg allocations = Msg()
                                .m(1, Msg().u(1, 428).m(3, Msg().s(1, "{t}").u(3, 4)))
                                .m(1, Msg().u(1, 3562).m(3, Msg().s(1, "{c}").u(3, 3)))
                                .m(1, Msg().u(1, 3631))
                                .m(1, Msg().u(1, 3775).m(3, Msg().s(1, "{unknown}")));
    const jd_gen4::Setup s = parse_setup(Msg().m(10, equipment).m(20, allocations).m(21, catalogue).b);
    EXPECT_EQ(s.element_products, (std::map<std::uint64_t, std::string>{{428, "Tank Mix"}, {3562, "Atrazine"}}));
    EXPECT_EQ(s.channels.at(411).element_id, 428u);
    EXPECT_EQ(s.channels.at(3570).element_id, 3562u);
    EXPECT_EQ(s.channels.at(3570).element, "DI Pump 1");
    EXPECT_EQ(s.products, (std::vector<std::string>{"Atrazine", "Tank Mix"}));
}

TEST(JdlFrames, splits_frames_and_refuses_damage) {
    const std::string file = frame(Msg().u(1, 3)) + frame(Msg().u(1, 4).u(2, 7));
    FrameReader r(file);
    std::string_view m;
    ASSERT_TRUE(r.next(m));
    EXPECT_EQ(m, std::string_view("\x08\x03", 2));
    ASSERT_TRUE(r.next(m));
    EXPECT_EQ(m.size(), 4u);
    EXPECT_FALSE(r.next(m));
    EXPECT_EQ(r.index(), 2u);
    EXPECT_TRUE(looks_like_jdl(file.substr(0, 8), file.size()));

    const std::string_view bytes(file);
    FrameReader no_marker(bytes.substr(1));
    EXPECT_THROW(no_marker.next(m), WireError);
    FrameReader cut(bytes.substr(0, bytes.size() - 1));
    ASSERT_TRUE(cut.next(m));
    EXPECT_THROW(cut.next(m), WireError);
    EXPECT_FALSE(looks_like_jdl("JDL xxxxxxxx", 300));
}

// A file as the display writes it: header, setup (start time, one moisture channel), one data frame.
std::string sample_file(std::int64_t start_ms) {
    const Msg channel = Msg().u(1, 87).u(2, 6).d(4, 1.0).s(5, "ppm").u(7, 99).u(8, 0);
    const Msg element = Msg().m(5, channel).s(9, "Header");
    const Msg machine = Msg().u(1, 66).u(2, 1).s(4, "1H0S770SVH9999999").s(5, "Einstein").d(6, 9.144).m(7, element);
    const Msg setup = Msg().u(3, static_cast<std::uint64_t>(start_ms)).m(10, Msg().m(2, machine))
                          .m(13, Msg().m(1, Msg().s(1, "{guid}").s(2, "Jen-3")))
                          .m(21, Msg().m(1, Msg().u(1, 173).s(2, "Corn")));
    const Msg track = Msg().d(1, 41768854400.0).d(2, -93486234600.0).d(4, 303975.0).d(5, 0.0).u(26, Msg::i64(-12000))
                          .packed_zz(10, {200, 200}).packed_zz(12, {-3400, -3400}).packed_zz(13, {0, 100})
                          .packed_zz(15, {11, -11}).packed_zz(16, {1800, 0});
    const Msg swath = Msg().d(1, 41768854400.0).d(2, -93486289600.0).d(3, 41768854400.0).d(4, -93486179600.0)
                          .u(12, Msg::i64(-12000)).packed_zz(15, {200}).packed_zz(17, {-3400}).packed_zz(18, {0})
                          .packed_zz(19, {-3400}).packed_zz(20, {0});
    const Msg moisture = Msg().d(1, 158700.0).u(12, Msg::i64(-12000)).packed_zz(2, {300}).packed_zz(3, {2400});
    const Msg table = Msg().u(1, 1).u(1, 2).u(1, 3).s(2, std::string("\x43\x45\x57", 3)).m(3, track).m(3, swath).m(3, moisture);
    return frame(Msg().u(1, 3).m(3, Msg().s(4, "10.10.404-83"))) + frame(Msg().u(1, 1).m(5, setup)) +
           frame(Msg().u(1, 2).m(4, Msg().m(9, table))) + frame(Msg().u(1, 4));
}

TEST(JdlStreams, decodes_track_swath_and_value_channels) {
    const std::int64_t t0 = 1509094606079; // 2017-10-27T08:56:46.079Z
    const FileLog log = decode_jdl(sample_file(t0));
    EXPECT_EQ(log.frames, 4u);
    EXPECT_EQ(log.setup.start_ms, t0);
    EXPECT_EQ(log.setup.field, "Jen-3");
    EXPECT_EQ(log.setup.crop, "Corn");
    ASSERT_EQ(log.setup.machines.size(), 1u);
    EXPECT_EQ(log.setup.machines[0].name, "Einstein");
    ASSERT_TRUE(log.setup.channels.contains(87));
    EXPECT_EQ(log.setup.channels.at(87).ddi, 99u);
    EXPECT_EQ(log.setup.channels.at(87).element, "Header");

    ASSERT_EQ(log.track.size(), 2u); // the start values are not a sample; each delta is
    EXPECT_EQ(log.track[0].time_ms, t0 - 12000 + 200);
    EXPECT_EQ(log.track[1].time_ms, t0 - 12000 + 400);
    EXPECT_NEAR(log.track[1].lat, (41768854400.0 - 6800) * 1e-9, 1e-12);
    EXPECT_NEAR(log.track[1].lon, (-93486234600.0 + 100) * 1e-9, 1e-12);
    EXPECT_NEAR(log.track[0].elevation_m, 303.986, 1e-9);
    EXPECT_NEAR(log.track[1].speed_m_s, 1.8, 1e-9);

    ASSERT_EQ(log.swath.size(), 1u);
    EXPECT_EQ(log.swath[0].time_ms, log.track[0].time_ms);
    EXPECT_NEAR(log.swath[0].lat1, (41768854400.0 - 3400) * 1e-9, 1e-12);

    const auto& m = log.series.at(0x57);
    ASSERT_EQ(m.raw.size(), 1u); // the start is a reference; each delta is a sample
    EXPECT_EQ(m.time_ms[0], t0 - 12000 + 300);
    EXPECT_DOUBLE_EQ(m.raw[0], 158700.0 + 2400);
}

TEST(JdlStreams, omitted_start_values_are_protobufs_zero_and_blocks_stand_alone) {
    // proto3 leaves out zero fields: a block with deltas only starts at time 0, value 0, so its first
    // deltas are absolute; two blocks of one channel in one frame each decode on their own.
    const Msg channel = Msg().u(1, 5).u(2, 6).d(4, 1.0).s(5, "ppm").u(7, 99);
    const Msg setup = Msg().u(3, 1000000).m(10, Msg().m(2, Msg().u(1, 1).m(7, Msg().m(5, channel))));
    const Msg later = Msg().packed_zz(2, {5000, 1000}).packed_zz(3, {170000, -500});
    const Msg earlier = Msg().d(1, 150000.0).u(12, Msg::i64(-7000)); // no deltas: the start is the sample
    const Msg track = Msg().packed_zz(10, {3000}).packed_zz(12, {41000000000}).packed_zz(13, {-93000000000});
    const Msg table = Msg().u(1, 3).u(1, 3).u(1, 1).s(2, std::string("\x05\x05\x07", 3)).m(3, later).m(3, earlier).m(3, track);
    const FileLog log = decode_jdl(frame(Msg().u(1, 1).m(5, setup)) + frame(Msg().u(1, 2).m(4, Msg().m(9, table))));
    const auto& s = log.series.at(5);
    ASSERT_EQ(s.raw.size(), 3u);
    EXPECT_EQ(s.time_ms, (std::vector<std::int64_t>{1000000 - 7000, 1005000, 1006000})); // ordered by time
    EXPECT_EQ(s.raw, (std::vector<double>{150000, 170000, 169500}));
    ASSERT_EQ(log.track.size(), 1u);
    EXPECT_EQ(log.track[0].time_ms, 1003000);
    EXPECT_NEAR(log.track[0].lat, 41.0, 1e-12);
    EXPECT_NEAR(log.track[0].lon, -93.0, 1e-12);
}

TEST(JdlStreams, names_the_frame_and_channel_it_cannot_read) {
    const Msg bad_track = Msg().d(1, 1.0).d(2, 1.0).u(26, 0).packed_zz(10, {200, 200}).packed_zz(12, {1});
    const Msg table = Msg().u(1, 1).s(2, std::string("\x43", 1)).m(3, bad_track);
    const std::string file = frame(Msg().u(1, 1).m(5, Msg().u(3, 1))) + frame(Msg().u(1, 2).m(4, Msg().m(9, table)));
    try {
        decode_jdl(file);
        FAIL();
    } catch (const WireError& e) {
        EXPECT_EQ(std::string(e.what()), "frame 2: channel 67 (kind 1): track field 12 has 1 deltas for 2 times");
    }
    EXPECT_THROW(decode_jdl(frame(Msg().u(1, 9))), WireError);                                  // unknown message type
    EXPECT_THROW(decode_jdl(frame(Msg().u(1, 2).m(4, Msg().m(9, table)))), WireError);          // data before setup
    EXPECT_THROW(decode_jdl(frame(Msg().u(1, 3))), WireError);                                  // no setup at all
}

} // namespace
} // namespace furrow::formats::jd_gen4
