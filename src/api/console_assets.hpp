#pragma once
// Where the web console's built files are, and which of them may be served (console.cpp).
#include <filesystem>
#include <string>
#include <string_view>

namespace furrow::api {

struct ConsoleAsset {
    std::filesystem::path path;  // set when found
    std::string_view media_type; // set when found
    int status = 200;            // 404 (no such asset) or 503 (the console was not built)
    std::string error;           // empty when found
};

class ConsoleAssets {
public:
    explicit ConsoleAssets(std::filesystem::path dir) : m_dir(std::move(dir)) {}
    // `name` is one path segment as the router decoded it. Only plain names of the bundle's kinds of
    // file are served (no dot files, so no `..`), and only regular files inside the directory.
    ConsoleAsset find(const std::string& name) const;
    const std::filesystem::path& dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
};

// The configured directory, else `console/` next to the running binary (where the build puts it).
std::filesystem::path resolve_console_dir(const std::filesystem::path& configured);

// "https://tiles.example.com" of "https://tiles.example.com/{z}/{x}/{y}.png"; empty for an empty or
// malformed URL (then the policy admits nothing extra).
std::string origin_of(const std::string& url);

// The media type of a servable asset by its extension; empty when the kind is not served.
std::string_view console_media_type(std::string_view name);

} // namespace furrow::api
