#pragma once
// The HTTP/1.1 server (Boost.Beast + Asio, C++20 coroutines). It reads headers, routes,
// authenticates, streams multipart uploads to disk in constant memory, calls the handler, and
// writes the response. Handlers run on a pool of their own (`handler_threads`), never on the I/O
// threads: a handler that waits on the database, the blob store or DNS cannot stall other
// connections or the liveness probe, and the pool's size bounds how many answers are being built
// (and held in memory) at once; other requests wait their turn (docs/DEPLOY.md "Security").
#include "api/router.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace furrow::api {

struct ServerOptions {
    std::string jwt_secret;
    std::string public_url;                    // base of absolute links (never the request's Host header)
    std::int64_t max_upload_bytes = 3LL << 30; // multipart bodies
    std::int64_t max_json_bytes = 1 << 20;     // every other body
    std::filesystem::path staging_dir;         // where uploads are spooled (the blob store's staging)
    int threads = 4;         // I/O threads
    int handler_threads = 4; // handlers running at once
    // Whether a token of this owner and token generation is still good (not revoked); asked on the
    // handler pool for every authenticated request. Required when a route needs a token.
    std::function<bool(const std::string& owner_id, std::int64_t generation)> token_is_current;
};

class HttpServer {
public:
    HttpServer(const Router& router, ServerOptions options);
    ~HttpServer();

    // Binds and listens; returns the bound port (useful with port 0).
    std::uint16_t listen(const std::string& host, std::uint16_t port);
    // Base of the absolute links in answers (FURROW_PUBLIC_URL, or the listen address): set before run().
    void set_public_url(std::string url);
    // Serves until stop() (or SIGINT/SIGTERM when handle_signals). Blocks.
    void run(bool handle_signals);
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace furrow::api
