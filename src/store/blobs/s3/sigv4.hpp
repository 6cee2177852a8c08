#pragma once
// AWS Signature Version 4, pure: no clock, no I/O, so every step is checked against AWS's
// published examples (tests/unit/store/blobs/sigv4_test.cpp). The steps follow the AWS reference
// "Create a signed AWS API request": canonical request -> string to sign -> signing key ->
// signature -> Authorization header (or presigned query).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furrow::store::s3 {

struct Credentials {
    std::string access_key;
    std::string secret_key;
};

// Who the signature is for: "20130524", "us-east-1", "s3".
struct SigningScope {
    std::string date; // YYYYMMDD, the first 8 characters of the request's X-Amz-Date
    std::string region;
    std::string service;

    std::string credential_scope() const; // date/region/service/aws4_request
};

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct CanonicalInput {
    std::string method;
    std::string path;  // already URI-encoded (S3: each key segment encoded once, '/' kept)
    NameValues query;  // raw, unencoded names and values
    NameValues headers; // every header to sign, names in any case
    std::string payload_hash; // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

inline constexpr std::string_view unsigned_payload = "UNSIGNED-PAYLOAD";

std::string sha256_hex(std::string_view data);
// RFC 3986 unreserved characters kept, everything else %XX (upper-case hex); '/' kept unless
// `encode_slash`. AWS's UriEncode.
std::string uri_encode(std::string_view text, bool encode_slash);

std::string canonical_query(const NameValues& query);    // encoded, sorted by name then value
std::string signed_header_names(const NameValues& headers); // "host;x-amz-date"
std::string canonical_request(const CanonicalInput& input);
std::string string_to_sign(std::string_view amz_date, const SigningScope& scope, std::string_view canonical);
std::string signing_key(std::string_view secret_key, const SigningScope& scope); // raw 32 bytes
std::string signature(std::string_view secret_key, const SigningScope& scope, std::string_view string_to_sign);

// The Authorization header value for a request whose headers include X-Amz-Date = amz_date.
std::string authorization_header(const Credentials& credentials, const SigningScope& scope, std::string_view amz_date,
                                 const CanonicalInput& input);

// The query string (encoded, with X-Amz-Signature last) of a presigned request that signs only
// the host header. `extra_query` (e.g. response-content-disposition) is signed with it.
std::string presigned_query(const Credentials& credentials, const SigningScope& scope, std::string_view amz_date,
                            std::int64_t expires_seconds, const std::string& method, const std::string& path,
                            const std::string& host, const NameValues& extra_query);

// "20130524T000000Z" of a Unix time (UTC).
std::string amz_date(std::int64_t unix_seconds);

} // namespace furrow::store::s3
