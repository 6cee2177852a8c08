#pragma once
// The points routes for maps (file_points.cpp), for machine files and for field operations (whose
// points are their result file's): registered by add_output_routes with the same OutputSource.
#include "api/file_outputs.hpp"

namespace furrow::api {

void add_point_routes(Router& router, ApiContext& ctx, const OutputSource& source);

} // namespace furrow::api
