#pragma once
// The one seam for a machine-file format: a value, listed in registry.cpp.
//
// detect() looks only at entry names (and, if it must, first bytes) of a validated Bundle and
// returns the data sets it recognises; it never throws for "not mine".
// split() (optional) runs once at unpack time and may cut a data set into several machine files
// (an ISOXML TASKDATA holds one machine file per task with logged data); it may read the entries.
// read() turns one machine file into points in *source* units plus what the source says about
// them; unit conversion, derived values and cleaning happen later, once, for every format.
// A format without a reader (closed binary formats) has read == nullptr and `reader_missing` set:
// its files fail cleanly with the seeds' message plus that reason.
#include "formats/bundle.hpp"
#include "schema/machine_data.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats {

struct Dataset {
    std::string key;                  // unique inside the bundle (the data set's root path)
    std::string name;                 // shown as the machine file's fileName
    std::string marker;               // the entry that identified it
    std::string part;                 // which part of the data set, when split() cut it (e.g. "TSK3")
    std::vector<std::string> entries; // every bundle entry that belongs to it
};

using DetectFn = std::vector<Dataset> (*)(const Bundle& bundle);
using SplitFn = std::vector<Dataset> (*)(const Bundle& bundle, const Dataset& dataset);
// Throws Error(corrupt_file / unsupported_format / invalid_input, "<format>: <entry>: <what>").
using ReadFn = schema::MachineData (*)(const Bundle& bundle, const Dataset& dataset);

// A field boundary a data set carries (a display's setup card, a boundary shapefile / GeoJSON /
// KML): offered to the user as a field (boundary upload), never converted into machine points.
struct FoundBoundary {
    std::string name;          // the field's name as the source gives it
    std::string client, farm;  // as the source gives them, when it does
    nlohmann::json geometry;   // GeoJSON MultiPolygon, WGS84 lon/lat
    std::string source;        // the entry (and element) it came from, for messages
};
using BoundariesFn = std::vector<FoundBoundary> (*)(const Bundle& bundle, const Dataset& dataset);

struct Format {
    std::string_view id;          // stable: API, logs, docs ("isoxml", "cnhi_cn1")
    std::string_view title;       // "CNHI CN1 folder"
    std::string_view file_format; // the wire value of fileFormat ("ISO11783", "CN1", ...)
    std::string_view provider;    // provider of files in this format when the upload said "Other"
    DetectFn detect = nullptr;
    std::string_view reader_missing; // empty when a reader exists; else why furrow cannot convert it
    SplitFn split = nullptr;         // nullptr: the data set is one machine file
    ReadFn read = nullptr;
    BoundariesFn boundaries = nullptr; // nullptr: the format carries no field boundaries
};

} // namespace furrow::formats
