#pragma once
// One signed S3 HTTP exchange over libcurl. Bodies stream from a file range and downloads stream
// into a FILE*, so a blob of any size never sits in memory. Network failures (refused, timed out,
// reset) throw Error(unavailable, "blob store unavailable: ..."); HTTP statuses are returned for
// the caller to judge with check_status.
#include "store/blobs/s3/sigv4.hpp"

#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace furrow::store::s3 {

struct FileRange {
    std::filesystem::path path;
    std::int64_t offset = 0;
    std::int64_t length = 0;
};

struct S3Request {
    std::string method; // GET, HEAD, PUT, POST, DELETE
    std::string path;   // URI-encoded, starting with '/'
    NameValues query;   // raw names and values
    std::vector<std::string> unsigned_headers; // "Content-Type: application/xml"
    std::optional<std::string> body_text;      // signed with its SHA-256
    std::optional<FileRange> body_file;        // sent as UNSIGNED-PAYLOAD
    std::FILE* sink = nullptr;                 // a 2xx body is written here instead of kept
};

struct S3Response {
    long status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;                           // non-2xx bodies always; 2xx bodies when no sink
};

struct S3Endpoint {
    std::string base_url; // "http://127.0.0.1:9000" or "https://bucket.s3.us-east-1.amazonaws.com"
    std::string host;     // the Host header curl sends for base_url (port only when explicit)
    std::string region;
    Credentials credentials;
    long connect_timeout_ms = 10'000;
    long stall_seconds = 60; // a transfer slower than 1 KiB/s for this long is abandoned
};

// `what` names the operation in error messages ("PUT files/x/standard.geojson").
S3Response perform(const S3Endpoint& endpoint, const S3Request& request, const std::string& what,
                   std::int64_t unix_now);

// 2xx passes. 5xx and 429 -> unavailable; 404 -> not_found; 403 -> internal (credentials or
// policy: retrying does not help); anything else -> internal. Messages carry S3's error code.
void check_status(const S3Response& response, const std::string& what);

// The text of the first <tag>...</tag> in an S3 XML answer ("" if absent).
std::string xml_text(const std::string& xml, const std::string& tag);

} // namespace furrow::store::s3
