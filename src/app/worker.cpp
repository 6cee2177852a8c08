// `furrow worker`: the job workers and alert delivery of `furrow serve`, without the API. Run any
// number of them beside the API nodes on the same database and blob store (docs/DEPLOY.md).
#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "app/commands.hpp"
#include "app/listen_address.hpp"
#include "app/runtime.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <csignal>
#include <cstdio>
#include <optional>
#include <thread>

namespace furrow::app {
namespace {

// Blocked before any thread starts, so every thread inherits the mask and only sigwait sees them.
sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

// Health and metrics only, for FURROW_WORKER_LISTEN: a worker has no API of its own.
api::Router probe_router(api::ApiContext& ctx) {
    api::Router router;
    api::add_health_routes(router, ctx);
    return router;
}

} // namespace

int worker(const Config& config) {
    if (config.workers < 1)
        throw Error(ErrorCode::invalid_input, "FURROW_WORKERS", "FURROW_WORKERS: furrow worker needs at least 1 worker");
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    Runtime runtime(config);
    api::ApiContext ctx{*runtime.repo, *runtime.blobs, config, "", [] {}};
    const api::Router router = probe_router(ctx);
    std::optional<api::HttpServer> probes;
    std::thread probe_thread;
    if (!config.worker_listen.empty()) {
        const auto address = parse_listen(config.worker_listen, "FURROW_WORKER_LISTEN");
        api::ServerOptions options;
        options.staging_dir = runtime.blobs->staging_dir();
        options.threads = 1;
        options.handler_threads = 1;
        probes.emplace(router, options);
        const auto port = probes->listen(address.host, address.port);
        std::printf("furrow worker: health and metrics on %s\n", listen_url(address.host, port).c_str());
        probe_thread = std::thread([&probes] { probes->run(false); });
    }
    std::printf("furrow worker: running %d worker(s)\n", runtime.workers.size());
    std::fflush(stdout);

    int received = 0;
    sigwait(&signals, &received);
    log::info("stopping on signal {}: waiting for running jobs", received);
    if (probes) probes->stop();
    if (probe_thread.joinable()) probe_thread.join();
    runtime.stop();
    return 0;
}

} // namespace furrow::app
