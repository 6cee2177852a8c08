#pragma once
// Shared building blocks for detect() functions: most formats are "a marker file, and the data set
// is the marker alone or the folder around it".
#include "formats/format.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace furrow::formats::detail {

std::string_view file_name_of(std::string_view path);     // "a/b/c.txt" -> "c.txt"
std::string parent_of(std::string_view path);             // "a/b/c.txt" -> "a/b", "c.txt" -> ""
bool has_extension(std::string_view path, std::string_view ext); // case-insensitive, ext with dot
bool path_contains_dir(std::string_view path, std::string_view dir); // a path component equals dir (case-insensitive)
// The folder above the first component named `dir` (case-insensitive): "x/RCD/a.fdl", "RCD" -> "x";
// "RCD/a.fdl" -> ""; nullopt when no folder of the path is `dir`.
std::optional<std::string> root_above(std::string_view path, std::string_view dir);

// For each entry, `root_of(path)` says whether it marks a data set and where its root folder is:
// nullopt = not a marker; "" (with `single_file`) = the marker alone; else every entry under the
// folder belongs to the data set. Data sets with the same root are one.
using MarkerFn = std::optional<std::string> (*)(std::string_view path);
std::vector<Dataset> datasets_by_marker(const Bundle& bundle, MarkerFn root_of, bool single_file);

} // namespace furrow::formats::detail
