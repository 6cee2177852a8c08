#pragma once
// The machine file named by the request's {id}, if it is the caller's: 404 otherwise.
#include "api/http_types.hpp"
#include "store/repository.hpp"

namespace furrow::api {

store::MachineFile owned_file(store::Session& db, const Request& req);

} // namespace furrow::api
