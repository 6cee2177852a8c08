#pragma once
// The one seam for a machine-file format: a value, listed in registry.cpp.
//
// detect() looks only at entry names (and, if it must, first bytes) of a validated Bundle and
// returns the data sets it recognises; it never throws for "not mine". Each data set becomes one
// machine file. A format without a reader yet (closed binary formats, or one not written yet) has
// `reader_missing` set: its files fail cleanly with the seeds' message plus that reason.
#include "formats/bundle.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats {

struct Dataset {
    std::string key;                  // unique inside the bundle (the data set's root path)
    std::string name;                 // shown as the machine file's fileName
    std::string marker;               // the entry that identified it
    std::vector<std::string> entries; // every bundle entry that belongs to it
};

using DetectFn = std::vector<Dataset> (*)(const Bundle& bundle);

struct Format {
    std::string_view id;          // stable: API, logs, docs ("isoxml", "cnhi_cn1")
    std::string_view title;       // "CNHI CN1 folder"
    std::string_view file_format; // the wire value of fileFormat ("ISO11783", "CN1", ...)
    std::string_view provider;    // provider of files in this format when the upload said "Other"
    DetectFn detect = nullptr;
    std::string_view reader_missing; // empty when a reader exists; else why furrow cannot convert it
};

} // namespace furrow::formats
