#include "store/blobs/s3/sigv4.hpp"

#include "core/hmac.hpp"

#include <fmt/format.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace furrow::store::s3 {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t byte_idx = 0; byte_idx < size; ++byte_idx) {
        out += digits[bytes[byte_idx] >> 4];
        out += digits[bytes[byte_idx] & 0x0f];
    }
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Header values are trimmed and runs of spaces collapsed to one (SigV4 "Trimall").
std::string trim_all(std::string_view value) {
    std::string out;
    bool space = false;
    for (const char c : value) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

NameValues canonical_headers(const NameValues& headers) {
    NameValues out;
    for (const auto& [name, value] : headers) out.emplace_back(lower(name), trim_all(value));
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

std::string SigningScope::credential_scope() const { return fmt::format("{}/{}/{}/aws4_request", date, region, service); }

std::string sha256_hex(std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    return to_hex(digest, sizeof digest);
}

std::string uri_encode(std::string_view text, bool encode_slash) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encode_slash))
            out += c;
        else
            out += fmt::format("%{:02X}", u);
    }
    return out;
}

std::string canonical_query(const NameValues& query) {
    NameValues encoded;
    for (const auto& [name, value] : query) encoded.emplace_back(uri_encode(name, true), uri_encode(value, true));
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [name, value] : encoded) out += fmt::format("{}{}={}", out.empty() ? "" : "&", name, value);
    return out;
}

std::string signed_header_names(const NameValues& headers) {
    std::string out;
    for (const auto& [name, value] : canonical_headers(headers)) out += (out.empty() ? "" : ";") + name;
    return out;
}

std::string canonical_request(const CanonicalInput& input) {
    std::string header_block;
    for (const auto& [name, value] : canonical_headers(input.headers)) header_block += name + ":" + value + "\n";
    return fmt::format("{}\n{}\n{}\n{}\n{}\n{}", input.method, input.path.empty() ? "/" : input.path,
                       canonical_query(input.query), header_block, signed_header_names(input.headers), input.payload_hash);
}

std::string string_to_sign(std::string_view amz_date, const SigningScope& scope, std::string_view canonical) {
    return fmt::format("AWS4-HMAC-SHA256\n{}\n{}\n{}", amz_date, scope.credential_scope(), sha256_hex(canonical));
}

std::string signing_key(std::string_view secret_key, const SigningScope& scope) {
    const std::string date_key = hmac_sha256("AWS4" + std::string(secret_key), scope.date);
    const std::string region_key = hmac_sha256(date_key, scope.region);
    const std::string service_key = hmac_sha256(region_key, scope.service);
    return hmac_sha256(service_key, "aws4_request");
}

std::string signature(std::string_view secret_key, const SigningScope& scope, std::string_view string_to_sign) {
    const std::string mac = hmac_sha256(signing_key(secret_key, scope), string_to_sign);
    return to_hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

std::string authorization_header(const Credentials& credentials, const SigningScope& scope, std::string_view amz_date,
                                 const CanonicalInput& input) {
    const std::string to_sign = string_to_sign(amz_date, scope, canonical_request(input));
    return fmt::format("AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}", credentials.access_key,
                       scope.credential_scope(), signed_header_names(input.headers),
                       signature(credentials.secret_key, scope, to_sign));
}

std::string presigned_query(const Credentials& credentials, const SigningScope& scope, std::string_view amz_date,
                            std::int64_t expires_seconds, const std::string& method, const std::string& path,
                            const std::string& host, const NameValues& extra_query) {
    CanonicalInput input{method, path, extra_query, {{"host", host}}, std::string(unsigned_payload)};
    input.query.emplace_back("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
    input.query.emplace_back("X-Amz-Credential", credentials.access_key + "/" + scope.credential_scope());
    input.query.emplace_back("X-Amz-Date", std::string(amz_date));
    input.query.emplace_back("X-Amz-Expires", std::to_string(expires_seconds));
    input.query.emplace_back("X-Amz-SignedHeaders", "host");
    const std::string to_sign = string_to_sign(amz_date, scope, canonical_request(input));
    return canonical_query(input.query) + "&X-Amz-Signature=" + signature(credentials.secret_key, scope, to_sign);
}

std::string amz_date(std::int64_t unix_seconds) {
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

} // namespace furrow::store::s3
