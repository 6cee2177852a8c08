#pragma once
// The one error type. Thrown where a problem is found; caught where it becomes an answer:
// the pipeline's step runner (step -> failed), the job worker loop (attempt recorded), the HTTP
// handler wrapper (ErrorCode -> status + problem+json, see api/problem.cpp) and the command line
// (app/main.cpp; `furrow convert`'s per-file line). A few callers also catch one code they can turn
// into an expected outcome and rethrow every other: a corrupt upload fails its batch
// (pipeline/unpack_batch.cpp), an unsplittable data set stays one file (formats/registry.cpp), a
// webhook's connection error is a failed attempt (alerts/delivery_loop.cpp), a cleaning setting's
// error becomes the configuration's (pipeline/configuration.cpp), a job's lost race completes it
// (store/sql/sql_jobs.cpp) and a cache install on another filesystem is skipped (s3_blob_store.cpp).
// Nowhere is an error logged and dropped.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace furrow {

enum class ErrorCode {
    invalid_input,      // the caller sent something wrong (400)
    unauthorized,       // missing/invalid/expired credentials (401)
    not_found,          // no such resource for this owner (404)
    conflict,           // state does not allow it (409)
    too_large,          // over a size limit (413)
    unsupported_format, // detected but no reader can convert it
    corrupt_file,       // the input is damaged or unsafe
    unavailable,        // a dependency is down; retry later (503)
    internal,           // a bug or an unexpected environment failure (500)
};

std::string_view to_string(ErrorCode code);

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), m_code(code), m_message(message) {}
    // For invalid_input about a query/body parameter, so the problem body can name it.
    Error(ErrorCode code, std::string parameter, const std::string& message)
        : std::runtime_error(message), m_code(code), m_parameter(std::move(parameter)), m_message(message) {}

    ErrorCode code() const noexcept { return m_code; }
    const std::string& parameter() const noexcept { return m_parameter; }
    // The whole message. what() is a C string and ends at the first NUL, which a message quoting
    // client input may contain (issue #16: a NUL cut problem details short); answers use this.
    const std::string& message() const noexcept { return m_message; }

private:
    ErrorCode m_code;
    std::string m_parameter;
    std::string m_message;
};

} // namespace furrow
