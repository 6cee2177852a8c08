#pragma once
// Keeping the points of a machine file that fall inside given field boundaries: how a field
// operation holds only its field's data (splitOperationsByField, cropOperationByField).
#include "schema/machine_data.hpp"
#include "store/repository.hpp"

#include <string>
#include <vector>

namespace furrow::pipeline {

// A boundary a derived file is cropped to, as stored in MachineFile::crop_boundaries.
std::string crop_boundary_ref(const std::string& field_id, const std::string& boundary_id);

// Keeps the points inside any of the referenced boundaries (their union). Throws
// Error(invalid_input) naming the boundary when one no longer exists.
void crop_to_boundaries(store::Session& db, const std::string& owner_id, const std::vector<std::string>& refs,
                        schema::MachineData& data);

} // namespace furrow::pipeline
