#pragma once
// Records each pipeline step's status in the store as it runs (in catalogue.cpp's order), as
// GET /files/{id}/status shows them. This is the one place that turns an input problem
// (corrupt_file, unsupported_format, invalid_input) into a failed step: the step is "failed" with
// the error's message and every later step "skipped". Infrastructure errors (unavailable,
// internal) are not caught here: the job is retried.
#include "store/repository.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furrow::pipeline {

class StepRunner {
public:
    StepRunner(store::Session& db, std::string file_id, std::vector<std::string> steps);

    // Runs fn as `step`; returns false (and records failure + skips) if it failed on its input.
    bool run(std::string_view step, const std::function<void()>& fn);
    // Like run(), but a failure on the input fails only this step: the file goes on (an output
    // others can do without, e.g. filteredGeojson: images fall back to the standard points).
    bool run_optional(std::string_view step, const std::function<void()>& fn);
    // Records a step this version does not perform (unless an earlier failure already skipped it).
    void skip(std::string_view step, const std::string& message);
    const std::optional<std::string>& failure() const { return m_failure; }
    // How long each step that ran took, in milliseconds, in the order they ran (`furrow convert`
    // prints them; benchmarks read them).
    const std::vector<std::pair<std::string, double>>& durations() const { return m_durations; }

private:
    void record(std::string_view step, store::StepStatus status, const std::string& message);
    // Runs fn and records its duration under `step`, whether it returns or throws.
    void timed(std::string_view step, const std::function<void()>& fn);

    store::Session& m_db;
    std::string m_file_id;
    std::vector<std::string> m_steps;
    std::optional<std::string> m_failure;
    std::vector<std::pair<std::string, double>> m_durations;
};

} // namespace furrow::pipeline
