#include "alerts/delivery_loop.hpp"

#include "alerts/http_post.hpp"
#include "alerts/retry_schedule.hpp"
#include "alerts/signature.hpp"
#include "alerts/webhook_url.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <chrono>

namespace furrow::alerts {
namespace {

// The lease outlives the longest call by a margin; after a crash the delivery is resent this long after.
TimeMs lease_ms(const DeliveryOptions& options) { return (static_cast<TimeMs>(options.timeout_seconds) + 5) * 1000; }

store::AlertAttempt send(const store::AlertDelivery& d, const DeliveryOptions& options) {
    store::AlertAttempt attempt;
    try {
        // The settings may have changed since registration; the resolved address is checked at connect time.
        const auto target = check_webhook_url(d.url, options.policy);
        HttpPost post{d.url,
                      target.host,
                      d.body,
                      {{signature_header, webhook_signature(d.secret, d.body)}, {event_id_header, d.event_id}},
                      static_cast<long>(options.timeout_seconds) * 1000,
                      options.policy};
        attempt = post_json(post);
    } catch (const Error& e) {
        attempt.connection_error = e.what();
    }
    attempt.time = now_ms();
    return attempt;
}

} // namespace

TargetPolicy webhook_target_policy(const Config& config) {
    return {config.webhook_allowed_hosts, config.webhook_allow_private_networks};
}

DeliveryOptions delivery_options(const Config& config) {
    DeliveryOptions options;
    options.threads = config.alert_threads;
    options.retry_schedule_seconds = config.alert_retry_schedule;
    options.timeout_seconds = config.alert_timeout_seconds;
    options.policy = webhook_target_policy(config);
    return options;
}

DeliveryLoop::DeliveryLoop(store::Repository& repo, DeliveryOptions options) : m_repo(repo), m_options(std::move(options)) {}

DeliveryLoop::~DeliveryLoop() { stop(); }

void DeliveryLoop::start() {
    m_stopping = false;
    for (int thread_idx = 0; thread_idx < m_options.threads; ++thread_idx)
        m_threads.emplace_back([this] { thread_loop(); });
}

void DeliveryLoop::stop() {
    m_stopping = true;
    m_cv.notify_all();
    for (auto& t : m_threads)
        if (t.joinable()) t.join();
    m_threads.clear();
}

void DeliveryLoop::wake() { m_cv.notify_all(); }

bool DeliveryLoop::deliver_one() {
    std::optional<store::AlertDelivery> delivery;
    {
        const TimeMs now = now_ms();
        delivery = m_repo.connect()->lease_alert_delivery(now, now + lease_ms(m_options));
    }
    if (!delivery) return false;
    if (delivery->url.empty()) { // its webhook was deleted after the lease was taken
        m_repo.connect()->finish_alert_delivery(*delivery, {}, std::nullopt);
        return true;
    }
    const auto attempt = send(*delivery, m_options);
    const auto retry = attempt.accepted() ? std::nullopt : retry_delay_ms(m_options.retry_schedule_seconds, delivery->attempts);
    m_repo.connect()->finish_alert_delivery(*delivery, attempt, retry ? std::optional(attempt.time + *retry) : std::nullopt);
    if (attempt.accepted()) {
        log::debug("alert {} {} -> {}: {}", delivery->event_type, delivery->event_id, delivery->url, attempt.http_status);
    } else {
        const std::string outcome = attempt.http_status ? std::to_string(attempt.http_status) : attempt.connection_error;
        log::info("alert {} {} -> {}: attempt {} failed ({}){}", delivery->event_type, delivery->event_id, delivery->url,
                  delivery->attempts, outcome, retry ? "; will retry" : "; giving up");
    }
    return true;
}

void DeliveryLoop::thread_loop() {
    while (!m_stopping) {
        bool worked = false;
        try {
            worked = deliver_one();
        } catch (const std::exception& e) {
            // The store is busy or gone: the lease (if any) runs out and the delivery is retried.
            log::warn("alerts: delivery loop: {}", e.what());
        }
        if (!worked) {
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, std::chrono::milliseconds(m_options.idle_poll_ms), [this] { return m_stopping.load(); });
        }
    }
}

} // namespace furrow::alerts
