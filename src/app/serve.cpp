#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "app/commands.hpp"
#include "app/listen_address.hpp"
#include "app/runtime.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <thread>

namespace furrow::app {
namespace {

int default_http_threads() { return std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency())); }

} // namespace

int serve(const Config& config) {
    const auto address = parse_listen(config.listen);
    Runtime runtime(config);
    api::ApiContext ctx{*runtime.repo, *runtime.blobs, config, resolve_jwt_secret(config),
                        [&runtime] { runtime.workers.wake(); }};
    const api::Router router = api::build_router(ctx);

    api::ServerOptions options;
    options.jwt_secret = ctx.jwt_secret;
    options.public_url = config.public_url;
    options.max_upload_bytes = config.max_upload_bytes;
    options.staging_dir = runtime.blobs->staging_dir();
    options.threads = config.http_threads > 0 ? config.http_threads : default_http_threads();
    options.handler_threads = config.handler_threads > 0 ? config.handler_threads : default_http_threads();
    // One indexed read per authenticated request, uncached: a revocation made through any API node
    // holds on every node at once (docs/DEPLOY.md "Security").
    options.token_is_current = [&repo = *runtime.repo](const std::string& owner_id, std::int64_t generation) {
        const auto current = repo.connect()->owner_token_generation(owner_id);
        return current && *current == generation;
    };
    api::HttpServer server(router, options);
    const auto port = server.listen(address.host, address.port);
    server.set_public_url(config.public_url.empty() ? link_base_url(address.host, port) : config.public_url);

    std::printf("furrow: listening on %s\n", listen_url(address.host, port).c_str());
    std::fflush(stdout);
    server.run(true);
    log::info("stopping: waiting for running jobs");
    runtime.stop();
    return 0;
}

} // namespace furrow::app
