#pragma once
// Store records -> the JSON objects of the Leaf API (contract-facts.md §2, §3, §9).
#include "api/links.hpp"
#include "store/records.hpp"
#include "store/repository.hpp"

#include <nlohmann/json.hpp>

namespace furrow::api {

nlohmann::json user_json(const store::LeafUser& user);
// The upload answer has exactly the seeds' keys; lookups add leafFiles (and statusDetails if FAILED).
nlohmann::json batch_upload_json(const store::Batch& batch);
nlohmann::json batch_json(const store::Batch& batch);
// `fields`: the ids of the fields the file is linked to (pipeline/operations/field_links.hpp).
nlohmann::json file_json(const store::MachineFile& file, const std::string& owner_username, const Links& links,
                         const std::vector<std::string>& fields = {});
// The operation resource (contract-facts §7) plus `status`: its result file's processing status.
nlohmann::json operation_json(const store::Operation& op, const std::string& owner_username, store::Session& db);

} // namespace furrow::api
