#include "api/routes.hpp"

namespace furrow::api {

void add_health_routes(Router& router, ApiContext& ctx) {
    // Liveness, and readiness in one: it answers only if the metadata store answers.
    router.add("GET", "/health", [&ctx](Request&) {
        auto db = ctx.repo.connect();
        db->count_jobs("running");
        return Response::json(200, {{"status", "UP"}});
    }, public_route());
}

} // namespace furrow::api
