#include "api/file_lookup.hpp"

#include "api/query_params.hpp"
#include "core/error.hpp"

#include <fmt/format.h>

namespace furrow::api {

store::MachineFile owned_file(store::Session& db, const Request& req) {
    const auto id = require_uuid("id", req.path_param("id"));
    auto file = db.find_file(req.caller.owner_id, id);
    if (!file) throw Error(ErrorCode::not_found, fmt::format("no machine file {}", id));
    return *file;
}

} // namespace furrow::api
