#pragma once
// Walks the top level of a GeoJSON FeatureCollection without building it: each feature is handed
// over as a byte span, to be parsed on its own (simdjson ondemand). A whole-document ondemand parse
// would index every byte (4 bytes of index per input byte); per feature, memory stays at the file
// plus one feature's index, so a 500 MB upload needs about 500 MB more, not gigabytes.
//
// Only structure is checked here (strings, nesting, commas, colons); values are checked by simdjson
// when a span is parsed. Errors carry a simdjson error code and the byte offset where they were found.
#include <simdjson.h>

#include <cstddef>
#include <functional>
#include <string_view>

namespace furrow::formats::geojson::detail {

struct ScanError {
    simdjson::error_code code;
    std::size_t offset;
};

struct Span {
    std::size_t begin = 0;
    std::size_t end = 0; // one past the value's last byte
};

struct TopLevelHandler {
    std::function<void(std::string_view key, Span value)> member; // every member but "features"
    std::function<void(Span feature)> feature;                     // each element of "features"
};

// Throws ScanError. `json` is the whole document.
void scan_feature_collection(std::string_view json, const TopLevelHandler& handler);

} // namespace furrow::formats::geojson::detail
