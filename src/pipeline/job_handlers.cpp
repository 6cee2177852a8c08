#include "pipeline/job_handlers.hpp"

#include "pipeline/field_upload/upload_fields.hpp"
#include "pipeline/operations/match_user.hpp"
#include "pipeline/process_file.hpp"
#include "pipeline/unpack_batch.hpp"

#include <array>

namespace furrow::pipeline {

const JobHandler* find_job_handler(std::string_view kind) {
    static const std::array<JobHandler, 4> handlers = {{
        {job_unpack_batch, unpack_batch, give_up_unpack_batch},
        {job_process_file, process_file, give_up_process_file},
        {job_match_user, operations::match_user, operations::give_up_match_user},
        {job_upload_fields, field_upload::upload_fields, field_upload::give_up_upload_fields},
    }};
    for (const auto& h : handlers)
        if (h.kind == kind) return &h;
    return nullptr;
}

} // namespace furrow::pipeline
