#pragma once
// Wire -> Request: target parsing and header copying, kept apart from the socket code.
#include "api/http_types.hpp"

#include <boost/beast/http/fields.hpp>

#include <string_view>

namespace furrow::api {

// Splits "/path?query" into a decoded path and decoded query pairs. Throws Error(invalid_input) on
// bad percent-encoding.
void parse_target(std::string_view target, Request& request);
void copy_headers(const boost::beast::http::fields& fields, Request& request);

} // namespace furrow::api
