#pragma once
// The job that makes fields of a boundary upload (job kind upload_fields, subject: the upload id).
#include "pipeline/context.hpp"

#include <string>

namespace furrow::pipeline::field_upload {

// Leaf's limit: at most this many fields are made of one upload; features past it fail.
inline constexpr std::size_t max_fields_per_upload = 100;

// Reads every boundary file of the upload's zip and, in one transaction, creates a field per usable
// feature and records the entries and the upload's final status. A re-run after a crash starts over
// (nothing of an unfinished run was committed); an upload already decided is left alone.
void upload_fields(Context& ctx, const std::string& upload_id);
void give_up_upload_fields(Context& ctx, const std::string& upload_id, const std::string& error);

} // namespace furrow::pipeline::field_upload
