#pragma once
// FURROW_LISTEN-style HOST:PORT settings ("127.0.0.1:8080", "[::1]:8080").
#include <cstdint>
#include <string>

namespace furrow::app {

struct ListenAddress {
    std::string host;
    std::uint16_t port = 0;
};

// Throws Error(invalid_input) naming `key` when the text is not HOST:PORT.
ListenAddress parse_listen(const std::string& text, const std::string& key = "FURROW_LISTEN");

// "http://host:port" for the log line and the README's "listening on".
std::string listen_url(const std::string& host, std::uint16_t port);

// Base of absolute links when FURROW_PUBLIC_URL is not set: the listen address, or for 0.0.0.0 / ::
// (which no client can connect to) the machine's host name. Never the request's Host header, which a
// client chooses and which would otherwise pick the host of signed links (issue #16).
std::string link_base_url(const std::string& host, std::uint16_t port);

} // namespace furrow::app
