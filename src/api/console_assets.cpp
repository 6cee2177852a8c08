#include "api/console_assets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <system_error>
#include <utility>

namespace furrow::api {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> media_types = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".txt", "text/plain; charset=utf-8"},
}};

bool plain_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name.front() == '.') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

} // namespace

std::string_view console_media_type(std::string_view name) {
    for (const auto& [ext, type] : media_types)
        if (name.size() > ext.size() && name.ends_with(ext)) return type;
    return {};
}

ConsoleAsset ConsoleAssets::find(const std::string& name) const {
    ConsoleAsset out;
    std::error_code ec;
    if (m_dir.empty() || !std::filesystem::is_regular_file(m_dir / "index.html", ec)) {
        out.status = 503;
        out.error = fmt::format("the web console is not built: no index.html in '{}' (build it with `make build-server`, "
                                "or point FURROW_CONSOLE_DIR at the built console)",
                                m_dir.string());
        return out;
    }
    const auto type = console_media_type(name);
    const auto path = m_dir / name;
    if (!plain_name(name) || type.empty() || !std::filesystem::is_regular_file(path, ec)) {
        out.status = 404;
        out.error = fmt::format("no console asset '{}'", name.substr(0, 128));
        return out;
    }
    out.path = path;
    out.media_type = type;
    return out;
}

std::filesystem::path resolve_console_dir(const std::filesystem::path& configured) {
    if (!configured.empty()) return configured;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    return exe.parent_path() / "console";
}

std::string origin_of(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return {};
    const auto scheme = url.substr(0, scheme_end);
    if (scheme != "https" && scheme != "http") return {};
    const auto host_end = url.find_first_of("/?#", scheme_end + 3);
    auto origin = url.substr(0, host_end);
    if (origin.size() == scheme_end + 3) return {};
    // A policy source cannot hold spaces, quotes or semicolons; a URL with them is not used.
    if (origin.find_first_of(" ;'\",") != std::string::npos) return {};
    return origin;
}

} // namespace furrow::api
