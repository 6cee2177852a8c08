#include "api/routes.hpp"

namespace furrow::api {

Router build_router(ApiContext& ctx) {
    Router router;
    add_health_routes(router, ctx);
    add_auth_routes(router, ctx);
    add_user_routes(router, ctx);
    add_batch_routes(router, ctx);
    add_file_routes(router, ctx);
    add_config_routes(router, ctx);
    add_file_output_routes(router, ctx);
    add_file_field_routes(router, ctx);
    add_operation_routes(router, ctx);
    add_field_routes(router, ctx);
    add_farm_routes(router, ctx);
    add_grower_routes(router, ctx);
    add_field_upload_routes(router, ctx);
    add_alert_routes(router, ctx);
    add_asset_routes(router, ctx);
    add_console_routes(router, ctx);
    add_openapi_routes(router, ctx);
    return router;
}

} // namespace furrow::api
