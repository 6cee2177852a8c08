// libFuzzer target for the ISOXML XML readers: the input is a TASKDATA.XML, read through
// read_taskdata (formats/isoxml/taskdata.cpp) from a one-entry zip, and also parsed as a time log
// header by parse_tlg_header (tlg_header.cpp). Anything but a result or Error(corrupt_file) is a
// finding.
#include "core/error.hpp"
#include "formats/bundle.hpp"
#include "formats/isoxml/taskdata.hpp"
#include "formats/isoxml/tlg_decoder.hpp"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

void put16(std::string& out, unsigned v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>(v >> 8 & 0xFF);
}

void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

// A zip holding `content` stored (uncompressed) as `name`.
std::string stored_zip(const std::string& name, std::string_view content) {
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())));
    const auto size = static_cast<std::uint32_t>(content.size());
    std::string local = "PK\x03\x04";
    for (unsigned v : {20U, 0U, 0U, 0U, 0U}) put16(local, v);
    put32(local, crc);
    put32(local, size);
    put32(local, size);
    put16(local, static_cast<unsigned>(name.size()));
    put16(local, 0);
    local += name;
    local += content;
    std::string central = "PK\x01\x02";
    for (unsigned v : {20U, 20U, 0U, 0U, 0U, 0U}) put16(central, v);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    for (unsigned v : {static_cast<unsigned>(name.size()), 0U, 0U, 0U, 0U}) put16(central, v);
    put32(central, 0);
    put32(central, 0);
    central += name;
    std::string end = "PK\x05\x06";
    for (unsigned v : {0U, 0U, 1U, 1U}) put16(end, v);
    put32(end, static_cast<std::uint32_t>(central.size()));
    put32(end, static_cast<std::uint32_t>(local.size()));
    put16(end, 0);
    return local + central + end;
}

const std::filesystem::path& zip_path() {
    static const auto path = std::filesystem::temp_directory_path() / ("furrow-xml-fuzz-" + std::to_string(::getpid()) + ".zip");
    return path;
}

void expect_corrupt(const furrow::Error& e) {
    if (e.code() == furrow::ErrorCode::corrupt_file) return;
    std::fprintf(stderr, "unexpected Error(%s): %s\n", std::string(furrow::to_string(e.code())).c_str(), e.what());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    try {
        const auto header = furrow::formats::isoxml::parse_tlg_header(xml, "TLG00001.XML");
        if (header.dlvs.size() > 255) std::abort(); // a record's DLV index is one byte
    } catch (const furrow::Error& e) {
        expect_corrupt(e);
    }
    {
        std::ofstream(zip_path(), std::ios::binary | std::ios::trunc) << stored_zip("TASKDATA/TASKDATA.XML", xml);
    }
    try {
        const auto bundle = furrow::formats::Bundle::open(zip_path(), {});
        const auto* entry = bundle.find("TASKDATA/TASKDATA.XML");
        if (entry == nullptr) std::abort();
        const auto td = furrow::formats::isoxml::read_taskdata(bundle, *entry);
        for (const auto& task : td.tasks) (void)td.find_task(task.id);
        for (const auto& device : td.devices)
            for (const auto& element : device.elements) {
                // Listed with an id, so findable (an element without one is never looked up).
                if (!element.id.empty() && td.find_element(element.id).device == nullptr) std::abort();
                (void)furrow::formats::isoxml::element_depth(device, element); // parent links may loop
            }
    } catch (const furrow::Error& e) {
        expect_corrupt(e);
    }
    return 0;
}
