#include "app/scratch_sweeper.hpp"

#include "core/log.hpp"
#include "core/scratch_dirs.hpp"

namespace furrow::app {
namespace {

// Entries of the flat layout of earlier releases carry no owner; after a day untouched none of them
// can be in use (an upload writes at least every idle timeout, a job is retried long before).
constexpr auto legacy_idle = std::chrono::hours(24);

} // namespace

ScratchSweeper::ScratchSweeper(std::vector<std::filesystem::path> parents, std::chrono::seconds every)
    : m_parents(std::move(parents)), m_every(every) {}

ScratchSweeper::~ScratchSweeper() { stop(); }

void ScratchSweeper::sweep_now() {
    for (const auto& parent : m_parents) {
        const auto result = sweep_dead_scratch(parent, legacy_idle);
        if (result.removed_dirs + result.removed_legacy > 0)
            log::info("scratch: removed {} directories of stopped processes and {} old entries under {}",
                      result.removed_dirs, result.removed_legacy, parent.string());
    }
}

void ScratchSweeper::start() {
    sweep_now();
    m_thread = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_cv.wait_for(lock, m_every, [this] { return m_stopping; })) {
            lock.unlock();
            sweep_now();
            lock.lock();
        }
    });
}

void ScratchSweeper::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

} // namespace furrow::app
