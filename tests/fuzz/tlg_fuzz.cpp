// libFuzzer target for the ISOXML binary time log decoder (formats/isoxml/tlg_decoder.cpp).
//
// Input layout: byte 0 = PTN A..H logged in the binary (bit n = field n), byte 1 bit 0 = PTN I
// logged, bit 1 = TIM A logged, bit 2 = fields not logged are fixed (else absent), bit 3 = the fixed
// value is the double in the next 8 bytes (else 1.5); then one byte = number of DLVs in the header;
// the rest is the .BIN. Anything but a clean decode or Error(corrupt_file) is a finding.
#include "core/error.hpp"
#include "formats/isoxml/tlg_decoder.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

using furrow::formats::isoxml::FieldMode;
using furrow::formats::isoxml::TlgHeader;
using furrow::formats::isoxml::TlgRecord;

namespace {

TlgHeader header_from(const std::uint8_t*& data, std::size_t& size) {
    TlgHeader header;
    const unsigned logged = data[0] | (data[1] & 0x1U) << 8;
    const bool fixed = (data[1] & 0x4U) != 0;
    double value = 1.5;
    std::size_t used = 2;
    if ((data[1] & 0x8U) != 0 && size >= used + 9) {
        std::memcpy(&value, data + used, sizeof value);
        used += sizeof value;
    }
    const auto mode_for = [&](bool in_binary) {
        return in_binary ? FieldMode::binary : fixed ? FieldMode::fixed : FieldMode::absent;
    };
    header.start = {mode_for((data[1] & 0x2U) != 0), value};
    for (std::size_t field = 0; field < header.ptn.size(); ++field)
        header.ptn[field] = {mode_for(((logged >> field) & 1U) != 0), value};
    header.dlvs.resize(data[used]);
    used += 1;
    data += used;
    size -= used;
    return header;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    const TlgHeader header = header_from(data, size);
    const std::size_t dlv_count = header.dlvs.size();
    double sink = 0;
    try {
        furrow::formats::isoxml::decode_tlg(header, {data, size}, "fuzz.bin", [&](const TlgRecord& r) {
            for (const auto& sample : r.samples) {
                if (sample.index >= dlv_count) std::abort(); // the decoder promised to check
                sink += sample.value;
            }
            sink += r.north + r.east + static_cast<double>(r.time) + r.status + r.pdop + r.hdop + r.satellites;
            if (!std::isnan(r.up)) sink += r.up;
        });
    } catch (const furrow::Error& e) {
        if (e.code() != furrow::ErrorCode::corrupt_file) std::abort();
    }
    volatile double keep = sink; // keep the reads
    (void)keep;
    return 0;
}
