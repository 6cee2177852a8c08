#include "alerts/delivery_loop.hpp"
#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "app/commands.hpp"
#include "app/listen_address.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "pipeline/worker_pool.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/repository.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <thread>

namespace furrow::app {
namespace {

int default_http_threads() { return std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency())); }

} // namespace

int serve(const Config& config) {
    const auto address = parse_listen(config.listen);
    std::filesystem::create_directories(config.data_dir);
    auto repo = store::open_repository(config.database_url);
    auto blobs = store::open_blob_store(config.blobs_url, store::blob_store_options(config));

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

    std::printf("furrow: listening on %s\n", listen_url(address.host, port).c_str());
    std::fflush(stdout);
    log::info("serving with {} worker(s), {} alert thread(s), data in {}, database {}, blobs {}", workers.size(),
              config.alert_threads, config.data_dir.string(), redact_password(config.database_url),
              redact_password(config.blobs_url));
    server.run(true);
    log::info("stopping: waiting for running jobs");
    workers.stop();
    alert_delivery.stop();
    return 0;
}

} // namespace furrow::app
