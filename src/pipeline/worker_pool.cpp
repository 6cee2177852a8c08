#include "pipeline/worker_pool.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "pipeline/job_handlers.hpp"

#include <algorithm>
#include <chrono>

namespace furrow::pipeline {
namespace {

constexpr auto idle_poll = std::chrono::milliseconds(250);

void count_job(const store::Job& job, const char* outcome, std::chrono::steady_clock::time_point started) {
    auto& registry = metrics::process_registry();
    registry.add("furrow_jobs_finished_total", "Jobs this process ran, by kind and outcome (done, retry, failed).",
                 {{"kind", job.kind}, {"outcome", outcome}});
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    registry.observe("furrow_job_duration_seconds", "Time a job ran in this process, by kind.", {{"kind", job.kind}},
                     took.count());
}

TimeMs lease_ms(const Config& config) { return static_cast<TimeMs>(config.job_lease_seconds) * 1000; }

// 1 s, 2 s, 4 s ... capped at 5 minutes.
TimeMs backoff_ms(int attempts) {
    const int shift = std::clamp(attempts - 1, 0, 16);
    return std::min<TimeMs>(1000LL << shift, 300'000);
}

} // namespace

WorkerPool::WorkerPool(Context ctx, int threads) : m_ctx(ctx) {
    for (int thread_idx = 0; thread_idx < threads; ++thread_idx) m_threads.emplace_back([this] { work_loop(); });
    if (threads > 0) m_heartbeat = std::thread([this] { heartbeat_loop(); });
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::wake() { m_cv.notify_all(); }

void WorkerPool::stop() {
    m_stopping = true;
    m_cv.notify_all();
    for (auto& t : m_threads)
        if (t.joinable()) t.join();
    if (m_heartbeat.joinable()) m_heartbeat.join();
}

void WorkerPool::work_loop() {
    while (!m_stopping) {
        bool worked = false;
        try {
            worked = run_one();
        } catch (const std::exception& e) {
            // The queue itself is unreachable (database busy or gone): wait and try again.
            log::warn("worker: cannot lease a job: {}", e.what());
        }
        if (!worked) {
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, idle_poll, [this] { return m_stopping.load(); });
        }
    }
}

bool WorkerPool::run_one() {
    std::optional<store::Job> job;
    {
        auto db = m_ctx.repo.connect();
        const TimeMs now = now_ms();
        job = db->lease_job(now, now + lease_ms(m_ctx.config));
    }
    if (!job) return false;
    {
        std::lock_guard lock(m_mutex);
        m_running[job->id] = *job;
    }
    execute(*job);
    {
        std::lock_guard lock(m_mutex);
        m_running.erase(job->id);
    }
    return true;
}

void WorkerPool::execute(const store::Job& job) {
    const JobHandler* handler = find_job_handler(job.kind);
    const auto started = std::chrono::steady_clock::now();
    std::string error;
    try {
        if (handler == nullptr) throw Error(ErrorCode::internal, "worker: unknown job kind '" + job.kind + "'");
        handler->run(m_ctx, job.subject_id);
        m_ctx.repo.connect()->complete_job(job);
        count_job(job, "done", started);
        return;
    } catch (const std::exception& e) {
        error = e.what();
    }
    try {
        auto db = m_ctx.repo.connect();
        if (job.attempts >= m_ctx.config.job_max_attempts || handler == nullptr) {
            log::error("job {} {} {}: failed for good after {} attempt(s): {}", job.id, job.kind, job.subject_id,
                       job.attempts, error);
            if (handler) handler->give_up(m_ctx, job.subject_id, error);
            db->fail_job(job, error);
            count_job(job, "failed", started);
        } else {
            log::warn("job {} {} {}: attempt {} failed, will retry: {}", job.id, job.kind, job.subject_id,
                      job.attempts, error);
            db->retry_job(job, error, now_ms() + backoff_ms(job.attempts));
            count_job(job, "retry", started);
        }
    } catch (const std::exception& e) {
        // Could not even record the failure: the lease runs out and the job is retried then.
        log::error("job {}: cannot record failure: {}", job.id, e.what());
    }
}

void WorkerPool::heartbeat_loop() {
    const auto period = std::chrono::milliseconds(std::max<TimeMs>(lease_ms(m_ctx.config) / 3, 200));
    while (!m_stopping) {
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, period, [this] { return m_stopping.load(); });
        }
        std::vector<store::Job> running;
        {
            std::lock_guard lock(m_mutex);
            for (const auto& [id, job] : m_running) running.push_back(job);
        }
        if (running.empty()) continue;
        try {
            auto db = m_ctx.repo.connect();
            for (const auto& job : running) db->extend_lease(job, now_ms() + lease_ms(m_ctx.config));
        } catch (const std::exception& e) {
            log::warn("worker: heartbeat failed: {}", e.what());
        }
    }
}

} // namespace furrow::pipeline
