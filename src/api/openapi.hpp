#pragma once
// The API's OpenAPI 3.1 document: docs/openapi.json, compiled into the binary (cmake/embed_text.cmake)
// and served at GET /openapi.json. tests/unit/api/openapi_test.cpp holds its paths to the router's
// routes, so a route added without its description fails the build's tests.
#include <string_view>

namespace furrow::api {

std::string_view openapi_document();

} // namespace furrow::api
