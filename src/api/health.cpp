#include "api/routes.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <unistd.h>

namespace furrow::api {
namespace {

// A key that is never written: asking for its size proves the blob store answers.
constexpr const char* blob_probe_key = "health/ready-probe";

const std::int64_t process_start_seconds =
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();

std::string check(const std::function<void()>& probe) {
    try {
        probe();
        return "UP";
    } catch (const std::exception& e) {
        return std::string("DOWN: ") + e.what();
    }
}

double resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    double pages_total = 0, pages_resident = 0;
    statm >> pages_total >> pages_resident;
    return pages_resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// Queue and outbox depths are read from the shared store, so every API node reports the whole
// cluster's backlog; a scrape that cannot reach the store reports furrow_store_up 0 instead.
std::string store_gauges(ApiContext& ctx) {
    std::vector<metrics::GaugeSample> jobs, deliveries;
    try {
        auto db = ctx.repo.connect();
        for (const char* state : {"queued", "running", "done", "failed"})
            jobs.push_back({{{"state", state}}, static_cast<double>(db->count_jobs(state))});
        for (const char* state : {"pending", "sending", "delivered", "failed", "cancelled"})
            deliveries.push_back({{{"state", state}}, static_cast<double>(db->count_alert_deliveries(state))});
    } catch (const std::exception&) {
        return metrics::render_gauge("furrow_store_up", "1 if the metadata store answered this scrape.", {{{}, 0}});
    }
    return metrics::render_gauge("furrow_store_up", "1 if the metadata store answered this scrape.", {{{}, 1}}) +
           metrics::render_gauge("furrow_jobs", "Jobs in the shared queue, by state.", jobs) +
           metrics::render_gauge("furrow_alert_deliveries", "Webhook deliveries in the shared outbox, by state.",
                                 deliveries);
}

} // namespace

void add_health_routes(Router& router, ApiContext& ctx) {
    // Kept for existing probes: answers only if the metadata store answers.
    router.add("GET", "/health", [&ctx](Request&) {
        auto db = ctx.repo.connect();
        db->count_jobs("running");
        return Response::json(200, {{"status", "UP"}});
    }, public_route());

    // Liveness: the process serves HTTP. Restart it when this fails, not when a dependency is down.
    router.add("GET", "/health/live", [](Request&) { return Response::json(200, {{"status", "UP"}}); },
               inline_public_route());

    // Readiness: send traffic here only while the store and the blob store both answer.
    router.add("GET", "/health/ready", [&ctx](Request&) {
        const std::string store = check([&ctx] { ctx.repo.connect()->count_jobs("running"); });
        const std::string blobs = check([&ctx] { ctx.blobs.size(blob_probe_key); });
        const bool up = store == "UP" && blobs == "UP";
        return Response::json(up ? 200 : 503, {{"status", up ? "UP" : "DOWN"},
                                               {"checks", {{"database", store}, {"blobs", blobs}}}});
    }, public_route());

    router.add("GET", "/metrics", [&ctx](Request&) {
        Response r;
        r.status = 200;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metrics::process_registry().render() + store_gauges(ctx) +
                 metrics::render_gauge("process_resident_memory_bytes", "Resident memory of this process.",
                                       {{{}, resident_bytes()}}) +
                 metrics::render_gauge("process_start_time_seconds", "Start of this process, Unix time.",
                                       {{{}, static_cast<double>(process_start_seconds)}});
        return r;
    }, public_route());
}

} // namespace furrow::api
