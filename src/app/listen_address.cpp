#include "app/listen_address.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <charconv>

#include <unistd.h>

namespace furrow::app {

ListenAddress parse_listen(const std::string& text, const std::string& key) {
    const auto colon = text.rfind(':');
    ListenAddress out;
    unsigned port = 0;
    if (colon != std::string::npos) {
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data() + colon + 1, end, port);
        if (ec == std::errc() && ptr == end && port <= 65535) {
            out.host = text.substr(0, colon);
            out.port = static_cast<std::uint16_t>(port);
            if (out.host.size() > 2 && out.host.front() == '[') out.host = out.host.substr(1, out.host.size() - 2);
            if (!out.host.empty()) return out;
        }
    }
    throw Error(ErrorCode::invalid_input, key, fmt::format("{}: '{}' is not HOST:PORT (e.g. 127.0.0.1:8080)", key, text));
}

std::string link_base_url(const std::string& host, std::uint16_t port) {
    if (host != "0.0.0.0" && host != "::") return listen_url(host, port);
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return listen_url("localhost", port);
    return listen_url(name, port);
}

std::string listen_url(const std::string& host, std::uint16_t port) {
    const bool v6 = host.find(':') != std::string::npos;
    return fmt::format("http://{}{}{}:{}", v6 ? "[" : "", host, v6 ? "]" : "", port);
}

} // namespace furrow::app
