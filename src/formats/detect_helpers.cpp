#include "formats/detect_helpers.hpp"

#include "core/strings.hpp"

#include <map>

namespace furrow::formats::detail {

std::string_view file_name_of(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string parent_of(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

bool has_extension(std::string_view path, std::string_view ext) {
    return path.size() > ext.size() && iequals(path.substr(path.size() - ext.size()), ext);
}

bool path_contains_dir(std::string_view path, std::string_view dir) {
    const auto parts = split(parent_of(path), '/');
    for (const auto& part : parts)
        if (iequals(part, dir)) return true;
    return false;
}

std::vector<Dataset> datasets_by_marker(const Bundle& bundle, MarkerFn root_of, bool single_file) {
    std::map<std::string, Dataset> by_root;
    for (const auto& entry : bundle.entries()) {
        const auto root = root_of(entry.path);
        if (!root) continue;
        const std::string key = single_file ? entry.path : *root;
        auto [it, inserted] = by_root.try_emplace(key);
        if (!inserted) continue;
        Dataset& ds = it->second;
        ds.key = key;
        ds.marker = entry.path;
        if (single_file) {
            ds.name = std::string(file_name_of(entry.path));
            ds.entries.push_back(entry.path);
            continue;
        }
        ds.name = key.empty() ? std::string(file_name_of(entry.path)) : std::string(file_name_of(key));
        // A data set at the zip root takes the whole zip; detection order in registry.cpp lets
        // formats with exact file sets claim their entries first.
        const std::string prefix = key.empty() ? std::string() : key + "/";
        for (const auto& member : bundle.entries())
            if (member.path.starts_with(prefix)) ds.entries.push_back(member.path);
    }
    std::vector<Dataset> out;
    for (auto& [key, ds] : by_root) out.push_back(std::move(ds));
    return out;
}

std::optional<std::string> root_above(std::string_view path, std::string_view dir) {
    const auto parts = split(path, '/');
    std::string root;
    for (std::size_t part_idx = 0; part_idx + 1 < parts.size(); ++part_idx) {
        if (iequals(parts[part_idx], dir)) return root;
        root += (root.empty() ? "" : "/") + parts[part_idx];
    }
    return std::nullopt;
}

} // namespace furrow::formats::detail
