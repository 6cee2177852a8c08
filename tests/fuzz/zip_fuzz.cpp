// libFuzzer target for the zip view and format detection: the input is written to a file and opened
// as an upload (formats/bundle.cpp: Bundle::open with its safety checks), every format's detector
// runs over it (formats/registry.cpp: detect_datasets), and each small entry is read whole (the
// inflate and CRC path). Limits are lowered so that a bomb is refused quickly rather than inflated.
// Anything but a result or an Error about the input (corrupt_file, unsupported_format,
// invalid_input) is a finding.
#include "core/error.hpp"
#include "formats/bundle.hpp"
#include "formats/registry.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

const std::filesystem::path& work_dir() {
    static const auto dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("furrow-zip-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d / "scratch");
        return d;
    }();
    return dir;
}

// An Error about the input is an answer; any other kind is a finding, reported with its message.
void expect_about_the_input(const furrow::Error& e) {
    using furrow::ErrorCode;
    const auto code = e.code();
    if (code == ErrorCode::corrupt_file || code == ErrorCode::unsupported_format || code == ErrorCode::invalid_input)
        return;
    std::fprintf(stderr, "unexpected Error(%s): %s\n", std::string(furrow::to_string(code)).c_str(), e.what());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = work_dir() / "upload.zip";
    {
        std::ofstream(path, std::ios::binary | std::ios::trunc)
            .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    furrow::formats::BundleLimits limits;
    limits.max_total_bytes = 16 << 20;
    limits.max_entries = 1000;
    limits.scratch_dir = work_dir() / "scratch";
    try {
        const auto bundle = furrow::formats::Bundle::open(path, limits);
        for (const auto& entry : bundle.entries()) {
            if (bundle.find(entry.path) == nullptr) std::abort(); // listed, so findable
            (void)bundle.read_head(entry, 64);
            if (entry.size <= (1 << 20)) {
                try {
                    if (bundle.read_all(entry).size() != static_cast<std::size_t>(entry.size)) std::abort();
                } catch (const furrow::Error& e) {
                    expect_about_the_input(e);
                }
            }
        }
        for (const auto& found : furrow::formats::detect_datasets(bundle))
            for (const auto& entry : found.dataset.entries)
                if (bundle.find(entry) == nullptr) std::abort(); // a detector claimed a path that is not there
    } catch (const furrow::Error& e) {
        expect_about_the_input(e);
    }
    return 0;
}
