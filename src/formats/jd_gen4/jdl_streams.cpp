#include "formats/jd_gen4/jdl_streams.hpp"

#include "formats/jd_gen4/jdl_frames.hpp"
#include "formats/jd_gen4/protobuf_wire.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace furrow::formats::jd_gen4 {
namespace {

constexpr double nanodegrees = 1e-9;
constexpr double millimetres = 1e-3;

struct Decoder {
    FileLog log;
    bool have_setup = false;
    std::int64_t track_channel = -1; // the first kind-1 channel that carries positions

    // Decoded delta lists, kept between blocks so their memory is reused (decoding is allocation-free
    // once the first blocks have sized them).
    std::array<std::vector<std::int64_t>, 5> scratch;

    static void deltas_into(std::string_view packed, std::vector<std::int64_t>& out) {
        out.clear();
        PackedVarints p(packed);
        std::uint64_t raw = 0;
        while (p.next(raw)) out.push_back(zigzag_decode(raw));
    }

    // A block's fields by number (all the layout uses are below 32; others are ignored).
    struct Block {
        static constexpr std::uint32_t fields = 32;
        std::array<double, fields> doubles{};
        std::array<std::int64_t, fields> ints{};
        std::array<std::string_view, fields> bytes{};
        std::uint32_t has_double = 0, has_int = 0, has_bytes = 0; // bit n: field n present

        bool has(std::uint32_t mask, std::uint32_t n) const { return (mask >> n & 1U) != 0; }
        double base(std::uint32_t n) const { return doubles[n]; }       // absent: protobuf's 0
        std::int64_t base_time(std::uint32_t n) const { return ints[n]; }
        bool has_deltas(std::uint32_t n) const { return has(has_bytes, n); }
        bool has_base(std::uint32_t n) const { return has(has_double, n); }
    };
    Block block; // reused for every block

    static void read_block(std::string_view message, Block& b) {
        b = Block{};
        WireReader r(message);
        WireField f;
        while (r.next(f)) {
            if (f.number >= Block::fields) continue;
            const std::uint32_t bit = 1U << f.number;
            if (f.type == WireType::fixed64) b.doubles[f.number] = f.as_double(), b.has_double |= bit;
            else if (f.type == WireType::varint) b.ints[f.number] = f.as_signed(), b.has_int |= bit;
            else if (f.type == WireType::bytes) b.bytes[f.number] = f.bytes, b.has_bytes |= bit;
        }
    }
    // Times are int64 ms offsets summed from varints: a damaged or hostile file can push them past
    // int64 (found by the jdl fuzzer), so every sum is checked and an overflow is a wire error.
    static std::int64_t checked_sum(std::int64_t a, std::int64_t b) {
        std::int64_t sum = 0;
        if (__builtin_add_overflow(a, b, &sum)) throw WireError("a time offset overflows 64-bit milliseconds");
        return sum;
    }
    std::int64_t absolute_ms(std::int64_t offset) const { return checked_sum(log.setup.start_ms, offset); }

    // The deltas of field `number` into scratch[slot]: zeros when absent, an error when their count
    // is not the number of times.
    const std::vector<std::int64_t>& column(const Block& b, std::uint32_t number, std::size_t count, const char* what,
                                            std::size_t slot) {
        auto& out = scratch[slot];
        if (!b.has_deltas(number)) {
            out.assign(count, 0);
            return out;
        }
        deltas_into(b.bytes[number], out);
        if (out.size() != count)
            throw WireError(std::string(what) + " field " + std::to_string(number) + " has " + std::to_string(out.size()) +
                            " deltas for " + std::to_string(count) + " times");
        return out;
    }

    // Every block stands alone: its start values (absent = 0, protobuf's default), then one sample
    // per time delta. The start is a reference, not a sample (it repeats the previous block's last
    // sample to within a few ms); a block that omits it carries absolute values in its first deltas.
    void track_block(std::uint64_t id, const Block& b) {
        // The position track (the other kind-1 channel some displays log holds only fields 5 and 8).
        const bool has_position = b.has_base(1) || b.has_base(2) || b.has_deltas(12) || b.has_deltas(13);
        if (has_position && track_channel < 0) track_channel = static_cast<std::int64_t>(id);
        if (static_cast<std::int64_t>(id) != track_channel || !b.has_deltas(10)) return;
        std::int64_t time = b.base_time(26);
        std::array<double, 4> v = {b.base(1), b.base(2), b.base(4), b.base(5)}; // lat, lon (nanodegrees), mm, mm/s
        auto& dt = scratch[4];
        deltas_into(b.bytes[10], dt);
        const std::array<std::uint32_t, 4> delta_fields = {12, 13, 15, 16};
        std::array<const std::vector<std::int64_t>*, 4> d{};
        for (std::size_t k = 0; k < 4; ++k) d[k] = &column(b, delta_fields[k], dt.size(), "track", k);
        for (std::size_t i = 0; i < dt.size(); ++i) {
            time = checked_sum(time, dt[i]);
            for (std::size_t k = 0; k < 4; ++k) v[k] += static_cast<double>((*d[k])[i]);
            log.track.push_back({absolute_ms(time), v[0] * nanodegrees, v[1] * nanodegrees, v[2] * millimetres,
                                 v[3] * millimetres});
        }
    }

    void swath_block(const Block& b) {
        if (!b.has_deltas(15)) return;
        std::int64_t time = b.base_time(12);
        std::array<double, 4> v = {b.base(1), b.base(2), b.base(3), b.base(4)}; // lat1, lon1, lat2, lon2
        auto& dt = scratch[4];
        deltas_into(b.bytes[15], dt);
        std::array<const std::vector<std::int64_t>*, 4> d{};
        for (std::uint32_t k = 0; k < 4; ++k) d[k] = &column(b, 17 + k, dt.size(), "swath", k);
        for (std::size_t i = 0; i < dt.size(); ++i) {
            time = checked_sum(time, dt[i]);
            for (std::size_t k = 0; k < 4; ++k) v[k] += static_cast<double>((*d[k])[i]);
            log.swath.push_back({absolute_ms(time), v[0] * nanodegrees, v[1] * nanodegrees, v[2] * nanodegrees,
                                 v[3] * nanodegrees});
        }
    }

    // A value block without deltas is one sample: its start.
    void value_block(std::uint64_t id, const Block& b) {
        auto& series = log.series[id];
        std::int64_t time = b.base_time(12);
        double v = b.base(1);
        if (!b.has_deltas(2)) {
            series.time_ms.push_back(absolute_ms(time));
            series.raw.push_back(v);
            return;
        }
        auto& dt = scratch[4];
        deltas_into(b.bytes[2], dt);
        const auto& dv = column(b, 3, dt.size(), "value", 0);
        for (std::size_t i = 0; i < dt.size(); ++i) {
            time = checked_sum(time, dt[i]);
            v += static_cast<double>(dv[i]);
            series.time_ms.push_back(absolute_ms(time));
            series.raw.push_back(v);
        }
    }

    void data_frame(std::string_view body) {
        std::vector<std::uint64_t> kinds, ids;
        std::vector<std::string_view> blocks;
        WireReader r(body);
        WireField f;
        while (r.next(f)) {
            if (f.number != 9 || f.type != WireType::bytes) continue;
            WireReader c(f.bytes);
            WireField g;
            while (c.next(g)) {
                if (g.number == 1 && g.type == WireType::varint) kinds.push_back(g.varint);
                else if (g.number == 1 && g.type == WireType::bytes) {
                    PackedVarints p(g.bytes);
                    std::uint64_t v = 0;
                    while (p.next(v)) kinds.push_back(v);
                } else if (g.number == 2 && g.type == WireType::bytes) {
                    PackedVarints p(g.bytes);
                    std::uint64_t v = 0;
                    while (p.next(v)) ids.push_back(v);
                } else if (g.number == 3 && g.type == WireType::bytes) blocks.push_back(g.bytes);
            }
        }
        if (kinds.size() != ids.size() || ids.size() != blocks.size())
            throw WireError("channel table: " + std::to_string(kinds.size()) + " kinds (field 4.9.1), " +
                            std::to_string(ids.size()) + " ids (4.9.2), " + std::to_string(blocks.size()) +
                            " blocks (4.9.3)");
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            try {
                read_block(blocks[i], block);
                switch (static_cast<ChannelKind>(kinds[i])) {
                case ChannelKind::track: track_block(ids[i], block); break;
                case ChannelKind::swath: swath_block(block); break;
                case ChannelKind::value: value_block(ids[i], block); break;
                case ChannelKind::section_states: break; // per-section on/off: not decoded (docs/FORMATS.md)
                default:
                    throw WireError("unknown channel kind " + std::to_string(kinds[i]));
                }
            } catch (const WireError& e) {
                throw WireError("channel " + std::to_string(ids[i]) + " (kind " + std::to_string(kinds[i]) + "): " + e.what());
            }
        }
    }

    void frame(std::string_view message) {
        std::uint64_t kind = 0;
        std::string_view setup_body, data_body;
        WireReader r(message);
        WireField f;
        while (r.next(f)) {
            if (f.number == 1 && f.type == WireType::varint) kind = f.varint;
            else if (f.number == 5 && f.type == WireType::bytes) setup_body = f.bytes;
            else if (f.number == 4 && f.type == WireType::bytes) data_body = f.bytes;
        }
        switch (kind) {
        case 1:
            log.setup = parse_setup(setup_body);
            have_setup = true;
            break;
        case 2:
            if (!have_setup) throw WireError("data message (field 1 = 2) before the setup message (field 1 = 1)");
            data_frame(data_body);
            break;
        case 3: // file header: format version and software (field 3)
        case 4: // end of file marker (8 bytes)
            break;
        default:
            throw WireError("unknown message type " + std::to_string(kind) + " (field 1)");
        }
    }
};

} // namespace

FileLog decode_jdl(std::string_view file) {
    Decoder d;
    FrameReader frames(file);
    std::string_view message;
    while (frames.next(message)) {
        try {
            d.frame(message);
        } catch (const WireError& e) {
            throw WireError("frame " + std::to_string(frames.index()) + ": " + e.what());
        }
    }
    if (!d.have_setup) throw WireError("no setup message (field 1 = 1) in " + std::to_string(frames.index()) + " frames");
    d.log.frames = frames.index();
    // Blocks stand alone and a channel's blocks need not come in time order: order every series.
    const auto by_time = [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; };
    if (!std::is_sorted(d.log.track.begin(), d.log.track.end(), by_time))
        std::stable_sort(d.log.track.begin(), d.log.track.end(), by_time);
    if (!std::is_sorted(d.log.swath.begin(), d.log.swath.end(), by_time))
        std::stable_sort(d.log.swath.begin(), d.log.swath.end(), by_time);
    for (auto& entry : d.log.series) {
        auto& series = entry.second; // a plain reference: lambdas cannot capture structured bindings in C++20
        if (std::is_sorted(series.time_ms.begin(), series.time_ms.end())) continue;
        std::vector<std::size_t> order(series.time_ms.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return series.time_ms[a] < series.time_ms[b]; });
        ValueSeries sorted;
        for (const auto i : order) {
            sorted.time_ms.push_back(series.time_ms[i]);
            sorted.raw.push_back(series.raw[i]);
        }
        series = std::move(sorted);
    }
    return std::move(d.log);
}

} // namespace furrow::formats::jd_gen4
