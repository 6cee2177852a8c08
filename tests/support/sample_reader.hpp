#pragma once
// Reads a real sample from shared/data the way the server reads an upload: the sample becomes one
// zip (a .zip as it is; a single file or a folder zipped as a user would upload it), the format
// registry's detect_datasets finds every data set in it, and each is read by its own format.
// One helper for every format, so a sample test checks the registry's choice, not a format
// picked by hand.
#include "formats/registry.hpp"
#include "schema/machine_data.hpp"
#include "support/zip_builder.hpp"

#include <filesystem>
#include <vector>

namespace furrow::testing {

struct ReadDataset {
    const formats::Format* format = nullptr;
    formats::Dataset dataset;
    schema::MachineData data; // empty when the format has no reader
};

// `extra` entries are zipped beside a single file or a folder (say a README no format may claim);
// a .zip sample is read as it is. Throws what the readers throw.
std::vector<ReadDataset> read_sample(const std::filesystem::path& sample, const ZipEntries& extra = {});

} // namespace furrow::testing
