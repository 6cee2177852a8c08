#pragma once
// The answer of GET /files/{id}/summary and /operations/{id}/summary: the stored summary Feature,
// whose geometry is the coverage simplified for maps (pipeline/summarize.hpp). With
// `?resolution=full` the geometry is the full-resolution coverage outline kept beside it.
#include "api/api_context.hpp"
#include "api/http_types.hpp"
#include "store/records.hpp"

namespace furrow::api {

// `what` names the file or operation in the 404 message when the summary is not made yet.
Response summary_answer(ApiContext& ctx, const Request& req, const store::MachineFile& file, const std::string& what);

} // namespace furrow::api
