#pragma once
#include "pipeline/context.hpp"

#include <string>

namespace furrow::pipeline {

// Job "unpack_batch": opens the uploaded zip safely, detects its data sets, creates one machine
// file per data set and enqueues their processing. Safe to run again after a crash: files are
// keyed by (batch, data set) and jobs are enqueued once.
void unpack_batch(Context& ctx, const std::string& batch_id);
void give_up_unpack_batch(Context& ctx, const std::string& batch_id, const std::string& error);

} // namespace furrow::pipeline
