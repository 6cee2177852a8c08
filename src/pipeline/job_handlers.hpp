#pragma once
// THE list of job kinds and what runs them. Adding a kind = one function pair + one line here.
#include "pipeline/context.hpp"

#include <string>
#include <string_view>

namespace furrow::pipeline {

struct JobHandler {
    std::string_view kind;
    void (*run)(Context& ctx, const std::string& subject_id);
    // Called once when the job ran out of attempts: leave the subject in a clear failed state.
    void (*give_up)(Context& ctx, const std::string& subject_id, const std::string& error);
};

const JobHandler* find_job_handler(std::string_view kind);

} // namespace furrow::pipeline
