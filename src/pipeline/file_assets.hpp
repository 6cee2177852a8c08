#pragma once
// The machines, implements and operators a machine file names, recorded as the leaf user's asset
// records (store/records.hpp) and linked to the file. Called once at the end of a file's run.
#include "schema/machine_data.hpp"
#include "store/repository.hpp"

#include <string>
#include <vector>

namespace furrow::pipeline {

// The asset inputs of a file's source description, machines and implements first, then operators.
std::vector<store::AssetInput> asset_inputs(const schema::SourceInfo& source, const std::string& provider);

// Upserts the file's assets and replaces its links (idempotent for a re-run of the file).
std::vector<store::AssetLink> record_file_assets(store::Session& db, const store::MachineFile& file,
                                                 const schema::SourceInfo& source);

// The link of one source machine/implement/operator among `links` (same kind, source id and name), or
// nullptr when it was not recorded (nothing told it apart).
const store::AssetLink* find_link(const std::vector<store::AssetLink>& links, const std::string& kind,
                                  const std::string& source_id, const std::string& name);

} // namespace furrow::pipeline
