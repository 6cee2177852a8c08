#include "pipeline/step_runner.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <chrono>

namespace furrow::pipeline {

StepRunner::StepRunner(store::Session& db, std::string file_id, std::vector<std::string> steps)
    : m_db(db), m_file_id(std::move(file_id)), m_steps(std::move(steps)) {}

void StepRunner::record(std::string_view step, store::StepStatus status, const std::string& message) {
    const auto it = std::find(m_steps.begin(), m_steps.end(), step);
    const int position = static_cast<int>(it - m_steps.begin());
    m_db.put_step(m_file_id, store::FileStep{std::string(step), status, message, position});
}

void StepRunner::timed(std::string_view step, const std::function<void()>& fn) {
    const auto start = std::chrono::steady_clock::now();
    const auto note = [&] {
        m_durations.emplace_back(step, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    };
    try {
        fn();
    } catch (...) {
        note();
        throw;
    }
    note();
}

void StepRunner::skip(std::string_view step, const std::string& message) {
    if (!m_failure) record(step, store::StepStatus::skipped, message);
}

bool StepRunner::run(std::string_view step, const std::function<void()>& fn) {
    if (m_failure) return false;
    try {
        timed(step, fn);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::unavailable || e.code() == ErrorCode::internal) throw;
        m_failure = e.what();
        m_db.transaction([&] {
            record(step, store::StepStatus::failed, e.what());
            const auto failed_at = std::find(m_steps.begin(), m_steps.end(), step);
            for (auto later = failed_at == m_steps.end() ? failed_at : failed_at + 1; later != m_steps.end(); ++later)
                record(*later, store::StepStatus::skipped, "skipped: " + std::string(step) + " failed");
        });
        return false;
    }
    record(step, store::StepStatus::processed, "ok");
    return true;
}

bool StepRunner::run_optional(std::string_view step, const std::function<void()>& fn) {
    if (m_failure) return false;
    try {
        timed(step, fn);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::unavailable || e.code() == ErrorCode::internal) throw;
        record(step, store::StepStatus::failed, e.what());
        return false;
    }
    record(step, store::StepStatus::processed, "ok");
    return true;
}

} // namespace furrow::pipeline
