#pragma once
// The consumer side of the alert outbox: a few threads that lease due deliveries from the store,
// POST them (signed) and record the outcome. Independent of the pipeline's workers, so a slow or
// dead receiver never holds up file processing; several threads (and one delivery in flight per
// webhook) so one slow receiver does not hold up the others. Any furrow process on the same store
// may run one (`furrow serve` does; a future `furrow worker` can): leases keep two processes from
// sending the same delivery at once, and a crashed sender's lease runs out so another resends.
#include "store/repository.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alerts/target_address.hpp"

namespace furrow {
struct Config;
}

namespace furrow::alerts {

struct DeliveryOptions {
    int threads = 2;
    std::vector<int> retry_schedule_seconds = {60, 1800, 3600, 14400};
    int timeout_seconds = 10;
    TargetPolicy policy; // which hosts and addresses webhooks may reach
    int idle_poll_ms = 200;
};
DeliveryOptions delivery_options(const Config& config);
TargetPolicy webhook_target_policy(const Config& config);

class DeliveryLoop {
public:
    DeliveryLoop(store::Repository& repo, DeliveryOptions options);
    ~DeliveryLoop(); // stops and joins
    DeliveryLoop(const DeliveryLoop&) = delete;
    DeliveryLoop& operator=(const DeliveryLoop&) = delete;

    void start();
    void stop(); // waits for calls in flight (each bounded by the timeout)
    void wake(); // something was queued: don't wait for the next poll

    // Leases and sends one due delivery on the calling thread; false when none was due.
    // The threads loop over this; tests call it directly.
    bool deliver_one();

private:
    void thread_loop();

    store::Repository& m_repo;
    DeliveryOptions m_options;
    std::atomic<bool> m_stopping{false};
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<std::thread> m_threads;
};

} // namespace furrow::alerts
