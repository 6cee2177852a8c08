#include "alerts/delivery_loop.hpp"
#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "pipeline/worker_pool.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/repository.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <thread>

namespace furrow::app {
namespace {

struct ListenAddress {
    std::string host;
    std::uint16_t port = 0;
};

ListenAddress parse_listen(const std::string& text) {
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
    throw Error(ErrorCode::invalid_input, "FURROW_LISTEN",
                fmt::format("FURROW_LISTEN: '{}' is not HOST:PORT (e.g. 127.0.0.1:8080)", text));
}

int default_http_threads() { return std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency())); }

} // namespace

int serve(const Config& config) {
    const auto address = parse_listen(config.listen);
    std::filesystem::create_directories(config.data_dir);
    auto repo = store::open_repository(config.database_url);
    auto blobs = store::open_blob_store(config.blobs_url);

    pipeline::WorkerPool workers(pipeline::Context{*repo, *blobs, config}, config.workers);
    alerts::DeliveryLoop alert_delivery(*repo, alerts::delivery_options(config));
    alert_delivery.start();
    api::ApiContext ctx{*repo, *blobs, config, resolve_jwt_secret(config), [&workers] { workers.wake(); }};
    const api::Router router = api::build_router(ctx);

    api::ServerOptions options;
    options.jwt_secret = ctx.jwt_secret;
    options.public_url = config.public_url;
    options.max_upload_bytes = config.max_upload_bytes;
    options.staging_dir = blobs->staging_dir();
    options.threads = config.http_threads > 0 ? config.http_threads : default_http_threads();
    api::HttpServer server(router, options);
    const auto port = server.listen(address.host, address.port);

    const bool v6 = address.host.find(':') != std::string::npos;
    std::printf("furrow: listening on http://%s%s%s:%u\n", v6 ? "[" : "", address.host.c_str(), v6 ? "]" : "", port);
    std::fflush(stdout);
    log::info("serving with {} worker(s), {} alert thread(s), data in {}, database {}, blobs {}", workers.size(),
              config.alert_threads, config.data_dir.string(),
              store::redacted_url(config.database_url), config.blobs_url);
    server.run(true);
    log::info("stopping: waiting for running jobs");
    workers.stop();
    alert_delivery.stop();
    return 0;
}

} // namespace furrow::app
