#pragma once
// Fork-join helpers for the heavy outputs of one file (issue #5: every output of 10^6 points in
// < 5 s on two cores). Threads are started per call: calls are few and each runs for tens of
// milliseconds or more, so a long-lived pool would save nothing measurable and would need
// shutting down. Exceptions thrown by a task reach the caller (the first one, after every thread
// has stopped).
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <thread>
#include <vector>

namespace furrow {

// The server may process several files at once; more threads per file than this only contend.
inline constexpr unsigned max_parallel_threads = 4;

// std::thread::hardware_concurrency(), at least 1 and at most max_parallel_threads.
unsigned parallel_threads();

// Calls task(i) for every i in [0, count) on up to min(parallel_threads(), max_threads) threads
// (the caller's included), each taking the next index. Order of the calls is unspecified;
// max_threads bounds memory when each task holds a large buffer.
void parallel_for(std::size_t count, const std::function<void(std::size_t)>& task,
                  unsigned max_threads = max_parallel_threads);

// Runs independent writers of one file's outputs at the same time (through parallel_for), each
// recording what it made in its own JSON object; returns those objects merged in writer order.
nlohmann::json run_side_by_side(const std::vector<std::function<void(nlohmann::json&)>>& writers);

// Makes pieces 0..count-1 with produce(i, piece) on parallel_threads() worker threads, at most
// 2 x that many ahead of the consumer, and hands them to consume(piece) in index order on the
// calling thread: for writers whose bytes must stay in order while formatting is the cost.
template <typename Piece>
void ordered_pieces(std::size_t count, const std::function<void(std::size_t, Piece&)>& produce,
                    const std::function<void(Piece&)>& consume);

// ---------------------------------------------------------------------------------------------

template <typename Piece>
void ordered_pieces(std::size_t count, const std::function<void(std::size_t, Piece&)>& produce,
                    const std::function<void(Piece&)>& consume) {
    const std::size_t window = 2 * static_cast<std::size_t>(parallel_threads());
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::optional<Piece>> slots(window); // piece i waits in slots[i % window]
    std::size_t next = 0, consumed = 0;
    std::exception_ptr error;
    const auto fail = [&](std::exception_ptr e) {
        const std::lock_guard lock(mutex);
        if (!error) error = e;
        changed.notify_all();
    };
    const auto worker = [&] {
        for (;;) {
            std::size_t i = 0;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return error || next >= count || next < consumed + window; });
                if (error || next >= count) return;
                i = next++;
            }
            Piece piece{};
            try {
                produce(i, piece);
            } catch (...) {
                fail(std::current_exception());
                return;
            }
            const std::lock_guard lock(mutex);
            slots[i % window].emplace(std::move(piece));
            changed.notify_all();
        }
    };
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < parallel_threads() && t < count; ++t) workers.emplace_back(worker);
    for (std::size_t i = 0; i < count; ++i) {
        Piece piece{};
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return error || slots[i % window].has_value(); });
            if (error) break;
            piece = std::move(*slots[i % window]);
            slots[i % window].reset();
            consumed = i + 1;
            changed.notify_all();
        }
        try {
            consume(piece);
        } catch (...) {
            fail(std::current_exception());
            break;
        }
    }
    for (auto& thread : workers) thread.join();
    if (error) std::rethrow_exception(error);
}

} // namespace furrow
