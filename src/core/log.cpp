#include "core/log.hpp"

#include "core/time.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace furrow::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::info)};
std::mutex g_mutex;

const char* name_of(Level level) {
    switch (level) {
    case Level::debug: return "DEBUG";
    case Level::info: return "INFO";
    case Level::warn: return "WARN";
    case Level::error: return "ERROR";
    }
    return "INFO";
}

} // namespace

void set_level(std::string_view name) {
    Level level = Level::info;
    if (name == "debug") level = Level::debug;
    else if (name == "warn") level = Level::warn;
    else if (name == "error") level = Level::error;
    g_level = static_cast<int>(level);
}

bool enabled(Level level) { return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed); }

void write(Level level, std::string_view message) {
    const std::string line = fmt::format("{} {} {}\n", format_iso8601(now_ms()), name_of(level), message);
    std::lock_guard lock(g_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace furrow::log
