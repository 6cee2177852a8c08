#include "api/openapi.hpp"
#include "api/routes.hpp"

namespace furrow::api {

void add_openapi_routes(Router& router, ApiContext&) {
    // Public like Leaf's published specification: it describes the API, not anyone's data.
    router.add("GET", "/openapi.json", [](Request&) {
        Response r;
        r.content_type = "application/json";
        r.body = std::string(openapi_document());
        return r;
    }, public_route());
}

} // namespace furrow::api
