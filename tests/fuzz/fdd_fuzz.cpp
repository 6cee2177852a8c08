// libFuzzer target for the John Deere GreenStar readers (formats/jd_greenstar/): the .fdd
// EvenByteDelta block decoder, from offset 0 and from an offset the input's first byte picks (the
// .fdl's filePosition), the .fdl XML reader and the setup card's .fdShape ring reader on the same
// bytes. Anything but a clean decode, an FddError, a ShapeError or furrow's Error (malformed XML) is
// a finding.
#include "core/error.hpp"
#include "formats/jd_greenstar/fdd_block.hpp"
#include "formats/jd_greenstar/fdl_log.hpp"
#include "formats/jd_greenstar/fdshape.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace furrow::formats::jd_greenstar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view file(reinterpret_cast<const char*>(data), size);
    for (const std::size_t offset : {std::size_t{0}, size > 0 ? std::size_t{data[0]} : std::size_t{0}}) {
        try {
            const FddBlock block = decode_fdd_block(file, offset);
            static_cast<void>(block.records);
        } catch (const FddError&) {
        }
    }
    try {
        const auto regions = parse_fdl(file, "fuzz.fdl");
        static_cast<void>(regions.size());
    } catch (const furrow::Error&) {
    }
    try {
        const auto geometry = multipolygon_of(read_fdshape_rings(file));
        static_cast<void>(geometry.size());
    } catch (const ShapeError&) {
    }
    return 0;
}
