// libFuzzer target for the John Deere Gen4 .jdl reader: the frame reader, the schema-less protobuf
// walker (walked recursively into every length-delimited field that parses as a message, as the
// exploration tools did) and the stream decoder (formats/jd_gen4/). The input is a whole .jdl file.
// Anything but a clean decode or a WireError is a finding.
#include "formats/jd_gen4/jdl_frames.hpp"
#include "formats/jd_gen4/jdl_streams.hpp"
#include "formats/jd_gen4/protobuf_wire.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace furrow::formats::jd_gen4;

namespace {

// Walks a message and every nested payload that parses, to a bounded depth.
void walk(std::string_view message, int depth) {
    WireReader r(message);
    WireField f;
    while (r.next(f)) {
        if (f.type == WireType::bytes && depth < 8) {
            try {
                walk(f.bytes, depth + 1);
            } catch (const WireError&) {
                // Not every byte string is a message: strings and packed arrays are not.
            }
            PackedVarints p(f.bytes);
            std::uint64_t v = 0;
            try {
                while (p.next(v)) static_cast<void>(zigzag_decode(v));
            } catch (const WireError&) {
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view file(reinterpret_cast<const char*>(data), size);
    try {
        FrameReader frames(file);
        std::string_view message;
        while (frames.next(message)) walk(message, 0);
    } catch (const WireError&) {
    }
    try {
        const FileLog log = decode_jdl(file);
        static_cast<void>(log.track.size());
    } catch (const WireError&) {
    }
    return 0;
}
