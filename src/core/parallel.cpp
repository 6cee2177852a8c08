#include "core/parallel.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>

namespace furrow {

unsigned parallel_threads() {
    return std::clamp(std::thread::hardware_concurrency(), 1u, max_parallel_threads);
}

void parallel_for(std::size_t count, const std::function<void(std::size_t)>& task, unsigned max_threads) {
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::exception_ptr error;
    const auto run = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                task(i);
            } catch (...) {
                const std::lock_guard lock(mutex);
                if (!error) error = std::current_exception();
                next = count; // the other threads stop after their current task
            }
        }
    };
    std::vector<std::thread> helpers;
    const std::size_t threads = std::min<std::size_t>(std::min(parallel_threads(), max_threads), count);
    for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(run);
    run();
    for (auto& thread : helpers) thread.join();
    if (error) std::rethrow_exception(error);
}

nlohmann::json run_side_by_side(const std::vector<std::function<void(nlohmann::json&)>>& writers) {
    std::vector<nlohmann::json> recorded(writers.size(), nlohmann::json::object());
    parallel_for(writers.size(), [&](std::size_t writer_idx) { writers[writer_idx](recorded[writer_idx]); });
    auto merged = nlohmann::json::object();
    for (const auto& piece : recorded) merged.update(piece);
    return merged;
}

} // namespace furrow
