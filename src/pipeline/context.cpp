#include "pipeline/context.hpp"
#include "core/scratch_dirs.hpp"

namespace furrow::pipeline {

formats::BundleLimits zip_limits(const Config& config) {
    formats::BundleLimits limits;
    limits.max_total_bytes = config.zip_max_total_bytes;
    limits.max_ratio = config.zip_max_ratio;
    limits.max_entries = config.zip_max_entries;
    return limits;
}

formats::BundleLimits bundle_limits(const Config& config) {
    auto limits = zip_limits(config);
    limits.scratch_dir = claim_scratch_dir(config.tmp_dir());
    return limits;
}

std::string upload_blob_key(const std::string& batch_id) { return "batches/" + batch_id + "/upload.zip"; }
std::string field_upload_blob_key(const std::string& upload_id) { return "field-uploads/" + upload_id + "/upload.zip"; }
std::string original_blob_key(const std::string& file_id) { return file_blob_key(file_id, "original.zip"); }
std::string file_blob_key(const std::string& file_id, const std::string& name) { return "files/" + file_id + "/" + name; }

} // namespace furrow::pipeline
