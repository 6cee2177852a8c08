#pragma once
// What a job needs from the process: the stores and the configuration. Passed by reference; owned by app/.
#include "core/config.hpp"
#include "formats/bundle.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/repository.hpp"

namespace furrow::pipeline {

struct Context {
    store::Repository& repo;
    store::BlobStore& blobs;
    const Config& config;
};

// Job kinds. A job's subject is the id of the batch, file or leaf user it works on.
inline constexpr const char* job_unpack_batch = "unpack_batch";
inline constexpr const char* job_process_file = "process_file";
// Subject: a leaf user id. Matches the user's files to fields and brings their operations up to date.
inline constexpr const char* job_match_user = "match_user";
// Subject: a boundary upload id. Makes fields of the upload's boundary files (field_upload/).
inline constexpr const char* job_upload_fields = "upload_fields";

// The zip limits of the configuration, for every Bundle::open of an upload.
formats::BundleLimits bundle_limits(const Config& config);
// The same limits with no scratch directory of the data directory (nested zips go to the system
// temp directory): for `furrow convert`, a one-shot command that writes only where it is told.
formats::BundleLimits zip_limits(const Config& config);

// The blob keys furrow writes, in one place.
std::string upload_blob_key(const std::string& batch_id);
std::string original_blob_key(const std::string& file_id);
std::string field_upload_blob_key(const std::string& upload_id);
// One of a file's outputs: files/{id}/{name}. Names are flat (no '/') so one download route
// serves them all.
std::string file_blob_key(const std::string& file_id, const std::string& name);

} // namespace furrow::pipeline
