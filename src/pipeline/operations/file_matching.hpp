#pragma once
// Where a machine file's points fall among its leaf user's field boundaries (FileMatch), and the
// outsideFieldGeojson of the points outside every field.
#include "fields/field_index.hpp"
#include "pipeline/context.hpp"
#include "store/repository.hpp"

#include <string>
#include <vector>

namespace furrow::pipeline::operations {

// The active boundaries of one leaf user's fields, indexed, with a signature that changes when
// any of them does (so a match computed against other boundaries is recomputed).
struct UserFields {
    std::vector<store::FieldBoundary> boundaries; // same order as index.fields()
    fields::FieldIndex index;
    std::string signature;
};
UserFields load_user_fields(store::Session& db, const std::string& owner_id, const std::string& leaf_user_id,
                            bool outside_geojson);

// The blob key of a processed file's stored standard points ("" when it has none).
std::string stored_points_key(const store::MachineFile& file);

// Reads the file's stored points and locates each one. With `outside_geojson`, the points outside
// every field are written as files/{id}/outside.geojson.
store::FileMatch match_file(Context& ctx, const store::MachineFile& file, const UserFields& fields,
                            bool outside_geojson);

// The fields a match links the file to: those holding more than `threshold_percent` of its points.
std::vector<std::string> linked_field_ids(const store::FileMatch& match, double threshold_percent);

} // namespace furrow::pipeline::operations
