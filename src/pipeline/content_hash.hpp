#pragma once
// The content hash of one machine file (docs/OPERATIONS.md "Duplicate uploads"): what recognises the
// same data set uploaded again, whatever the zip around it or its folder's name.
//
// "sha256:" + hex SHA-256 over: the format id, the data set's part (ISOXML tasks of one TASKDATA are
// separate files sharing entries), then for each of its entries in name order the entry's path below
// the data set's common folder and the SHA-256 of its bytes (each field length-prefixed, so
// no two different data sets hash the same input). Entries are read one at a time, and an entry that
// several data sets of the bundle share (a TASKDATA.XML with hundreds of tasks) is read once.
#include "formats/bundle.hpp"
#include "formats/format.hpp"

#include <map>
#include <string>
#include <string_view>

namespace furrow::pipeline {

class ContentHasher {
public:
    explicit ContentHasher(const formats::Bundle& bundle) : m_bundle(bundle) {}
    // Throws Error(corrupt_file) when an entry cannot be read whole (damaged, or not its declared size).
    std::string dataset_hash(const formats::Dataset& dataset, std::string_view format_id);

private:
    const std::string& entry_digest(const std::string& path);

    const formats::Bundle& m_bundle;
    std::map<std::string, std::string, std::less<>> m_entry_digests; // path -> hex SHA-256 of its bytes
};

} // namespace furrow::pipeline
