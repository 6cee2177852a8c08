#pragma once
// The data frames (top-level field 1 = 2) of one .jdl file, decoded into time series per channel.
// A data frame's field 4.9 lists channel kinds (repeated field 1), channel ids (packed field 2) and
// one block per channel (repeated field 3). A block holds a start value and time, then packed
// zigzag deltas; a block without a start continues the channel's previous block.
#include "formats/jd_gen4/jdl_setup.hpp"

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

namespace furrow::formats::jd_gen4 {

// Kind 1: the GNSS receiver's track, 5 Hz in every sample.
struct TrackSample {
    std::int64_t time_ms = 0; // UTC
    double lat = 0, lon = 0;  // degrees
    double elevation_m = 0;
    double speed_m_s = 0;
};

// Kind 2: the working width's two ends (left, right), logged while the implement works.
struct SwathSample {
    std::int64_t time_ms = 0;
    double lat1 = 0, lon1 = 0, lat2 = 0, lon2 = 0;
};

// Kind 3: one value channel, piecewise constant between samples. Values are raw (divide by scale).
struct ValueSeries {
    std::vector<std::int64_t> time_ms;
    std::vector<double> raw;
};

struct FileLog {
    Setup setup;
    std::vector<TrackSample> track;
    std::vector<SwathSample> swath;
    std::map<std::uint64_t, ValueSeries> series;
    std::size_t frames = 0;
};

enum class ChannelKind : std::uint64_t { track = 1, swath = 2, value = 3, section_states = 4 };

// Decodes a whole .jdl file. Throws WireError naming the frame, channel and field it cannot read;
// a file with no setup frame is an error too (nothing says when its times start).
FileLog decode_jdl(std::string_view file);

} // namespace furrow::formats::jd_gen4
