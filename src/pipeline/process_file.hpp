#pragma once
#include "pipeline/catalogue.hpp"
#include "pipeline/context.hpp"

#include <string>
#include <utility>
#include <vector>

namespace furrow::pipeline {

// Job "process_file": runs one machine file through the pipeline steps and, when it is done,
// settles its batch. Safe to run again after a crash: a finished file is not redone.
void process_file(Context& ctx, const std::string& file_id);
// The same with the steps and outputs of `steps_and_outputs` (tests hand in their own).
// Returns how long each step that ran took (ms, in order; empty when there was nothing to do).
using StepDurations = std::vector<std::pair<std::string, double>>;
StepDurations process_file(Context& ctx, const std::string& file_id, const Catalogue& steps_and_outputs);
void give_up_process_file(Context& ctx, const std::string& file_id, const std::string& error);

} // namespace furrow::pipeline
