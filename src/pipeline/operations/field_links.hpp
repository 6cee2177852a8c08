#pragma once
// Which fields a machine file is linked to, and which files a field's operations hold: the
// `fields` of a file object and the `files` of a field object.
#include "store/repository.hpp"

#include <string>
#include <vector>

namespace furrow::pipeline::operations {

// The fields holding more than the user's fieldsAttachIntersection % of the file's points, as last
// matched (empty before matching).
std::vector<std::string> linked_fields_of(store::Session& db, const store::MachineFile& file);
// The same for each of `files` (a page of a list), in their order: one query for the matches and
// one configuration per leaf user, not two queries a file.
std::vector<std::vector<std::string>> linked_fields_of(store::Session& db, const std::vector<store::MachineFile>& files);

// The source files of the owner's operations on the field, each once, oldest operation first.
std::vector<std::string> field_file_ids(store::Session& db, const std::string& owner_id, const std::string& field_id);

} // namespace furrow::pipeline::operations
