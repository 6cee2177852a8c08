#pragma once
// The S3 verbs the blob store needs, on one bucket: objects (PUT, HEAD, GET to a file, DELETE),
// multipart uploads (create, upload part, complete, abort) and presigned GET URLs. Keys here are
// full object keys (any prefix already applied). Errors as check_status in s3_request.hpp.
#include "store/blobs/s3/s3_request.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace furrow::store::s3 {

struct BucketAddress {
    std::string endpoint; // "http://127.0.0.1:9000": path-style under it; empty = AWS, virtual-hosted
    std::string bucket;
    std::string region = "us-east-1";
    Credentials credentials;
};

struct ObjectInfo {
    std::int64_t size = 0;
    std::string etag; // as S3 sends it, quotes included
};

class S3Client {
public:
    explicit S3Client(const BucketAddress& address);

    std::optional<ObjectInfo> head(const std::string& key);
    std::string put_object(const std::string& key, const FileRange& body); // -> ETag
    std::string create_multipart_upload(const std::string& key);          // -> upload id
    std::string upload_part(const std::string& key, const std::string& upload_id, int part_number, const FileRange& body);
    std::string complete_multipart_upload(const std::string& key, const std::string& upload_id,
                                          const std::vector<std::string>& part_etags); // -> ETag
    void abort_multipart_upload(const std::string& key, const std::string& upload_id);
    // Streams the object into `out` (created/truncated); its ETag, or nullopt if there is no such key.
    std::optional<std::string> get_to_file(const std::string& key, const std::filesystem::path& out);
    void remove(const std::string& key); // absent keys are not an error (S3 answers 204 either way)
    // A URL anyone can GET for `seconds` (1 s .. 7 days); `overrides` are S3's response-* parameters.
    std::string presigned_get_url(const std::string& key, std::int64_t seconds, const NameValues& overrides,
                                  std::int64_t unix_now) const;

private:
    std::string path_of(const std::string& key) const; // URI-encoded request path
    S3Response send(const S3Request& request, const std::string& what);

    S3Endpoint m_endpoint;
    bool m_path_style = true;
    std::string m_bucket;
};

} // namespace furrow::store::s3
