#pragma once
// Removes the scratch of dead furrow processes (core/scratch_dirs.hpp): once when a process starts,
// so what a crash left is gone before new work arrives, and then every `every`, so a process that
// runs for months beside others that crash keeps the disk bounded too.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

namespace furrow::app {

class ScratchSweeper {
public:
    ScratchSweeper(std::vector<std::filesystem::path> parents, std::chrono::seconds every);
    ~ScratchSweeper(); // stops and joins

    void sweep_now(); // logs what it removed
    void start();     // sweeps now, then periodically on a thread of its own
    void stop();

private:
    std::vector<std::filesystem::path> m_parents;
    std::chrono::seconds m_every;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace furrow::app
