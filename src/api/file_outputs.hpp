#pragma once
// The output routes a machine file and a field operation share (filteredGeojson, GeoParquet,
// images, imagesV2, geotiffImages): an operation answers with the outputs of its result file.
#include "api/api_context.hpp"
#include "api/router.hpp"
#include "store/repository.hpp"

#include <string>

namespace furrow::api {

struct OutputSource {
    std::string item_path; // e.g. /services/operations/api/files/{id}
    // The file whose outputs answer for the resource named by the request; throws 404.
    store::MachineFile (*resolve)(store::Session& db, const Request& req);
    bool operation = false; // operations-v2.md shapes (GeoParquet: download link only)
};

void add_output_routes(Router& router, ApiContext& ctx, const OutputSource& source);

} // namespace furrow::api
