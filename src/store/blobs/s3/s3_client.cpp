#include "store/blobs/s3/s3_client.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <memory>

namespace furrow::store::s3 {
namespace {

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

// "http://host:9000/..." -> "host:9000": what curl sends as Host (the port only when written).
std::string host_of(const std::string& base_url) {
    const auto scheme_end = base_url.find("://");
    const auto start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    const auto end = base_url.find('/', start);
    return base_url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

S3Request make_request(std::string method, std::string path, NameValues query = {}) {
    S3Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    return request;
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

} // namespace

S3Client::S3Client(const BucketAddress& address) : m_bucket(address.bucket) {
    if (address.bucket.empty()) throw Error(ErrorCode::invalid_input, "FURROW_BLOBS", "blob store: s3:// URL without a bucket");
    m_path_style = !address.endpoint.empty();
    m_endpoint.base_url = m_path_style ? address.endpoint : fmt::format("https://{}.s3.{}.amazonaws.com", address.bucket, address.region);
    while (m_endpoint.base_url.ends_with('/')) m_endpoint.base_url.pop_back();
    m_endpoint.host = host_of(m_endpoint.base_url);
    m_endpoint.region = address.region;
    m_endpoint.credentials = address.credentials;
}

std::string S3Client::path_of(const std::string& key) const {
    // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict overlap on `"/" + temporary`.
    std::string path = "/";
    if (m_path_style) path.append(uri_encode(m_bucket, true)).append("/");
    path.append(uri_encode(key, false));
    return path;
}

S3Response S3Client::send(const S3Request& request, const std::string& what) {
    return perform(m_endpoint, request, what, now_seconds());
}

std::optional<ObjectInfo> S3Client::head(const std::string& key) {
    const std::string what = "HEAD " + key;
    const auto response = send(make_request("HEAD", path_of(key)), what);
    if (response.status == 404) return std::nullopt;
    check_status(response, what);
    ObjectInfo info;
    const auto length = response.headers.find("content-length");
    if (length == response.headers.end()) throw Error(ErrorCode::internal, fmt::format("blob store: {}: no Content-Length", what));
    info.size = std::stoll(length->second);
    if (const auto etag = response.headers.find("etag"); etag != response.headers.end()) info.etag = etag->second;
    return info;
}

std::string S3Client::put_object(const std::string& key, const FileRange& body) {
    const std::string what = "PUT " + key;
    S3Request request = make_request("PUT", path_of(key));
    request.body_file = body;
    const auto response = send(request, what);
    check_status(response, what);
    const auto etag = response.headers.find("etag");
    return etag == response.headers.end() ? "" : etag->second;
}

std::string S3Client::create_multipart_upload(const std::string& key) {
    const std::string what = "create multipart upload of " + key;
    const S3Request request = make_request("POST", path_of(key), {{"uploads", ""}});
    const auto response = send(request, what);
    check_status(response, what);
    const std::string upload_id = xml_text(response.body, "UploadId");
    if (upload_id.empty()) throw Error(ErrorCode::internal, fmt::format("blob store: {}: no UploadId in the answer", what));
    return upload_id;
}

std::string S3Client::upload_part(const std::string& key, const std::string& upload_id, int part_number, const FileRange& body) {
    const std::string what = fmt::format("PUT part {} of {}", part_number, key);
    S3Request request = make_request("PUT", path_of(key), {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}});
    request.body_file = body;
    const auto response = send(request, what);
    check_status(response, what);
    const auto etag = response.headers.find("etag");
    if (etag == response.headers.end()) throw Error(ErrorCode::internal, fmt::format("blob store: {}: no ETag", what));
    return etag->second;
}

std::string S3Client::complete_multipart_upload(const std::string& key, const std::string& upload_id,
                                                const std::vector<std::string>& part_etags) {
    const std::string what = "complete multipart upload of " + key;
    std::string xml = "<CompleteMultipartUpload>";
    for (std::size_t part_idx = 0; part_idx < part_etags.size(); ++part_idx)
        xml += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", part_idx + 1, part_etags[part_idx]);
    xml += "</CompleteMultipartUpload>";
    S3Request request = make_request("POST", path_of(key), {{"uploadId", upload_id}});
    request.unsigned_headers = {"Content-Type: application/xml"};
    request.body_text = xml;
    const auto response = send(request, what);
    check_status(response, what);
    // S3 may answer 200 and report a failure in the body (it has already sent the status line).
    if (response.body.find("<Error>") != std::string::npos) {
        S3Response failed = response;
        failed.status = 500;
        check_status(failed, what);
    }
    return xml_text(response.body, "ETag");
}

void S3Client::abort_multipart_upload(const std::string& key, const std::string& upload_id) {
    const std::string what = "abort multipart upload of " + key;
    const S3Request request = make_request("DELETE", path_of(key), {{"uploadId", upload_id}});
    const auto response = send(request, what);
    if (response.status != 404) check_status(response, what); // 404: already gone
}

std::optional<std::string> S3Client::get_to_file(const std::string& key, const std::filesystem::path& out) {
    const std::string what = "GET " + key;
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(out.c_str(), "wb"));
    if (!file) throw Error(ErrorCode::internal, fmt::format("blob store: {}: cannot create {}", what, out.string()));
    S3Request request = make_request("GET", path_of(key));
    request.sink = file.get();
    const auto response = send(request, what);
    if (response.status == 404) return std::nullopt;
    check_status(response, what);
    if (std::fflush(file.get()) != 0)
        throw Error(ErrorCode::unavailable, fmt::format("blob store: {}: cannot write {} (disk full?)", what, out.string()));
    const auto etag = response.headers.find("etag");
    return etag == response.headers.end() ? std::string() : etag->second;
}

void S3Client::remove(const std::string& key) {
    const std::string what = "DELETE " + key;
    const auto response = send(make_request("DELETE", path_of(key)), what);
    if (response.status != 404) check_status(response, what);
}

std::string S3Client::presigned_get_url(const std::string& key, std::int64_t seconds, const NameValues& overrides,
                                        std::int64_t unix_now) const {
    const std::string date = amz_date(unix_now);
    const SigningScope scope{date.substr(0, 8), m_endpoint.region, "s3"};
    const std::string path = path_of(key);
    const std::int64_t expires = std::clamp<std::int64_t>(seconds, 1, 7 * 24 * 3600); // S3's limit
    return m_endpoint.base_url + path + "?" +
           presigned_query(m_endpoint.credentials, scope, date, expires, "GET", path, m_endpoint.host, overrides);
}

} // namespace furrow::store::s3
