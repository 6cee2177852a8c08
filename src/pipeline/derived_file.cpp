#include "pipeline/derived_file.hpp"

#include "core/ids.hpp"
#include "core/time.hpp"

namespace furrow::pipeline {

store::MachineFile derived_file(const store::MachineFile& first, store::FileOrigin origin, std::string file_name,
                                std::vector<std::string> sources, std::vector<std::string> crop_boundaries) {
    store::MachineFile f;
    f.id = new_uuid();
    f.owner_id = first.owner_id;
    f.leaf_user_id = first.leaf_user_id;
    f.dataset_key = f.id;
    f.format_id = "derived";
    f.file_format = first.file_format;
    f.provider = first.provider;
    f.file_name = std::move(file_name);
    f.origin = origin;
    f.operation_type = first.operation_type;
    f.sources = std::move(sources);
    f.crop_boundaries = std::move(crop_boundaries);
    f.created_time = f.updated_time = now_ms();
    return f;
}

} // namespace furrow::pipeline
