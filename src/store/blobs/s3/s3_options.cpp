// s3:// URL parsing for S3BlobStore (declared in s3_blob_store.hpp).
#include "core/error.hpp"
#include "store/blobs/s3/s3_blob_store.hpp"

#include <fmt/format.h>

#include <charconv>

namespace furrow::store::s3 {
namespace {

[[noreturn]] void bad_url(const std::string& url, const std::string& why) {
    throw Error(ErrorCode::invalid_input, "FURROW_BLOBS", fmt::format("FURROW_BLOBS: '{}': {}", url, why));
}

// %XX decoding of one query value ("http%3A%2F%2Fhost" and plain "http://host" both work).
std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        int byte = 0;
        if (text[pos] == '%' && pos + 2 < text.size() &&
            std::from_chars(text.data() + pos + 1, text.data() + pos + 3, byte, 16).ptr == text.data() + pos + 3) {
            out += static_cast<char>(byte);
            pos += 2;
        } else {
            out += text[pos];
        }
    }
    return out;
}

std::int64_t read_bytes(const std::string& url, const std::string& name, const std::string& text) {
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) bad_url(url, fmt::format("{} '{}' is not a number", name, text));
    return value;
}

void apply_parameter(const std::string& url, const std::string& name, const std::string& value, S3Options& out) {
    if (name == "endpoint") {
        if (!value.starts_with("http://") && !value.starts_with("https://"))
            bad_url(url, "endpoint must be an http:// or https:// URL");
        out.bucket.endpoint = value;
    } else if (name == "region") {
        out.bucket.region = value;
    } else if (name == "multipart_threshold") {
        out.multipart_threshold = read_bytes(url, name, value);
        if (out.multipart_threshold < min_part_bytes)
            bad_url(url, fmt::format("multipart_threshold must be at least {} (S3's smallest part)", min_part_bytes));
    } else {
        bad_url(url, fmt::format("unknown parameter '{}' (endpoint, region, multipart_threshold)", name));
    }
}

} // namespace

S3Options s3_options(const std::string& url, const BlobStoreOptions& options) {
    constexpr std::string_view scheme = "s3://";
    S3Options out;
    const auto question = url.find('?');
    const std::string location = url.substr(scheme.size(), question == std::string::npos ? std::string::npos : question - scheme.size());
    const auto slash = location.find('/');
    out.bucket.bucket = location.substr(0, slash);
    if (out.bucket.bucket.empty()) bad_url(url, "no bucket (expected s3://BUCKET[/PREFIX]?endpoint=...)");
    if (slash != std::string::npos) {
        out.prefix = location.substr(slash + 1);
        while (out.prefix.ends_with('/')) out.prefix.pop_back();
        if (!out.prefix.empty()) out.prefix += '/';
    }
    if (question != std::string::npos) {
        std::string_view query(url);
        query.remove_prefix(question + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const std::string_view pair = query.substr(0, amp);
            query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
            if (pair.empty()) continue;
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos) bad_url(url, fmt::format("parameter '{}' has no value", pair));
            apply_parameter(url, percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)), out);
        }
    }
    if (options.access_key.empty() || options.secret_key.empty())
        throw Error(ErrorCode::invalid_input, "FURROW_BLOBS",
                    "FURROW_BLOBS: s3:// needs credentials: FURROW_S3_ACCESS_KEY and FURROW_S3_SECRET_KEY "
                    "(or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
    out.bucket.credentials = {options.access_key, options.secret_key};
    out.local_dir = options.local_dir;
    out.cache_bytes = options.cache_bytes;
    return out;
}

} // namespace furrow::store::s3
