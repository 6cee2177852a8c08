#pragma once
// Keeping the points of a machine file that fall inside given field boundaries: how a field
// operation holds only its field's data (splitOperationsByField, cropOperationByField).
#include "fields/field_index.hpp"
#include "schema/machine_data.hpp"
#include "store/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace furrow::pipeline {

// A boundary a derived file is cropped to, as stored in MachineFile::crop_boundaries.
std::string crop_boundary_ref(const std::string& field_id, const std::string& boundary_id);

// The union of the referenced boundaries, looked up once and applied to any number of point
// tables: a merge crops each source as it reads it, so it never holds the points outside the field.
class BoundaryCrop {
public:
    // Throws Error(invalid_input) naming the boundary when one no longer exists.
    BoundaryCrop(store::Session& db, const std::string& owner_id, const std::vector<std::string>& refs);
    // Keeps the points inside any of the boundaries (all of them when no boundary was referenced).
    void apply(schema::MachineData& data) const;

private:
    std::optional<fields::FieldIndex> m_index;
};

} // namespace furrow::pipeline
