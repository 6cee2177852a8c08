#pragma once
// Errors on the wire: RFC 9457 problem+json {type, title, status, detail, path[, parameter]}.
// The one place that maps ErrorCode to an HTTP status.
#include "api/http_types.hpp"
#include "core/error.hpp"

#include <string_view>

namespace furrow::api {

int http_status_of(ErrorCode code);
Response problem(int status, std::string_view detail, const std::string& path, std::string_view parameter = {});
Response problem_from(const Error& error, const std::string& path);

} // namespace furrow::api
