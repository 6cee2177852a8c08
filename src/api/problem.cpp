#include "api/problem.hpp"

#include <boost/beast/http/status.hpp>

namespace furrow::api {

int http_status_of(ErrorCode code) {
    switch (code) {
    case ErrorCode::invalid_input: return 400;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::too_large: return 413;
    case ErrorCode::unsupported_format: return 422;
    case ErrorCode::corrupt_file: return 422;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::internal: return 500;
    }
    return 500;
}

Response problem(int status, std::string_view detail, const std::string& path, std::string_view parameter) {
    const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
    nlohmann::json body = {
        {"type", "about:blank"},
        {"title", std::string(reason.data(), reason.size())},
        {"status", status},
        {"detail", std::string(detail)},
        {"path", path},
    };
    if (!parameter.empty()) body["parameter"] = std::string(parameter);
    Response r = Response::json(status, body);
    r.content_type = "application/problem+json";
    return r;
}

Response problem_from(const Error& error, const std::string& path) {
    const int status = http_status_of(error.code());
    // Internal details stay in the log; the client gets a stable sentence.
    const std::string detail = status >= 500 && error.code() == ErrorCode::internal
                                   ? std::string("internal error; see the server log")
                                   : error.message();
    return problem(status, detail, path, error.parameter());
}

} // namespace furrow::api
