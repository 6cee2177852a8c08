#pragma once
// The embedded workers: N threads that lease jobs from the durable queue, run them, and record the
// outcome. A heartbeat keeps the leases of running jobs alive; if this process dies, the leases
// run out and any furrow process on the same store picks the jobs up again.
#include "pipeline/context.hpp"
#include "store/records.hpp"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace furrow::pipeline {

class WorkerPool {
public:
    WorkerPool(Context ctx, int threads);
    ~WorkerPool(); // stops and joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void wake(); // new work was enqueued by this process: don't wait for the next poll
    void stop();
    int size() const { return static_cast<int>(m_threads.size()); }

private:
    void work_loop();
    void heartbeat_loop();
    bool run_one(); // false when the queue had nothing to do
    void execute(const store::Job& job);

    Context m_ctx;
    std::atomic<bool> m_stopping{false};
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::map<std::int64_t, store::Job> m_running; // guarded by m_mutex
    std::vector<std::thread> m_threads;
    std::thread m_heartbeat;
};

} // namespace furrow::pipeline
