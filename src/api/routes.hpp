#pragma once
// Every HTTP resource registers itself here, one function per resource file. Adding an endpoint =
// a handler in its resource file; adding a resource = a new file + one line in routes.cpp.
#include "api/api_context.hpp"
#include "api/router.hpp"

namespace furrow::api {

void add_health_routes(Router& router, ApiContext& ctx);
void add_auth_routes(Router& router, ApiContext& ctx);
void add_user_routes(Router& router, ApiContext& ctx);
void add_batch_routes(Router& router, ApiContext& ctx);
void add_file_routes(Router& router, ApiContext& ctx);
void add_config_routes(Router& router, ApiContext& ctx);
void add_file_output_routes(Router& router, ApiContext& ctx);
void add_file_field_routes(Router& router, ApiContext& ctx);
void add_operation_routes(Router& router, ApiContext& ctx);
void add_field_routes(Router& router, ApiContext& ctx);
void add_farm_routes(Router& router, ApiContext& ctx);
void add_grower_routes(Router& router, ApiContext& ctx);
void add_field_upload_routes(Router& router, ApiContext& ctx);
void add_alert_routes(Router& router, ApiContext& ctx);
void add_asset_routes(Router& router, ApiContext& ctx);
void add_console_routes(Router& router, ApiContext& ctx); // the web console's assets at / and /console/
void add_openapi_routes(Router& router, ApiContext& ctx);  // GET /openapi.json

Router build_router(ApiContext& ctx);

} // namespace furrow::api
