#include "support/sample_reader.hpp"

#include "formats/bundle.hpp"
#include "support/temp_dir.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace furrow::testing {
namespace {

namespace fs = std::filesystem;

std::string file_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// A folder is uploaded under its own name (a TASKDATA folder stays TASKDATA/...), as a user zips it.
ZipEntries upload_entries(const fs::path& sample) {
    ZipEntries entries;
    if (!fs::is_directory(sample)) {
        entries.emplace_back(sample.filename().string(), file_bytes(sample));
        return entries;
    }
    for (const auto& entry : fs::recursive_directory_iterator(sample))
        if (entry.is_regular_file())
            entries.emplace_back(fs::relative(entry.path(), sample.parent_path()).generic_string(), file_bytes(entry.path()));
    return entries;
}

std::vector<ReadDataset> read_zip(const fs::path& zip) {
    const auto bundle = formats::Bundle::open(zip, formats::BundleLimits{});
    std::vector<ReadDataset> out;
    for (auto& detected : formats::detect_datasets(bundle)) {
        ReadDataset read{detected.format, std::move(detected.dataset), {}};
        if (read.format->read != nullptr) read.data = read.format->read(bundle, read.dataset);
        out.push_back(std::move(read));
    }
    return out;
}

} // namespace

std::vector<ReadDataset> read_sample(const fs::path& sample, const ZipEntries& extra) {
    // The samples are part of the project (shared/ beside the repo, as in CI): missing data is a
    // broken checkout, not a reason to pass quietly.
    if (!fs::exists(sample)) throw std::runtime_error("missing sample " + sample.string() + " (set FURROW_SHARED_DATA)");
    if (sample.extension() == ".zip" && extra.empty()) return read_zip(sample);
    auto entries = upload_entries(sample);
    entries.insert(entries.end(), extra.begin(), extra.end());
    TempDir dir;
    write_zip(dir.path() / "upload.zip", entries);
    return read_zip(dir.path() / "upload.zip");
}

} // namespace furrow::testing
