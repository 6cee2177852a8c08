#pragma once
// A machine file made of other files' stored points (origin merged or automerged), not of an
// upload: its record before insertion. Its pipeline starts with mergeFiles (process_file.cpp).
#include "store/records.hpp"

#include <string>
#include <vector>

namespace furrow::pipeline {

// Owner, leaf user, format and provider come from `first` (the first source file).
store::MachineFile derived_file(const store::MachineFile& first, store::FileOrigin origin, std::string file_name,
                                std::vector<std::string> sources, std::vector<std::string> crop_boundaries);

} // namespace furrow::pipeline
