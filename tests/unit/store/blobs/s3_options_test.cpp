// s3:// URL parsing and part sizing (no server).
#include "core/error.hpp"
#include "store/blobs/s3/s3_blob_store.hpp"

#include <gtest/gtest.h>

namespace furrow::store::s3 {
namespace {

const BlobStoreOptions with_keys{"/tmp/furrow-local", 1000, "AK", "SK"};

ErrorCode code_of(const std::string& url, const BlobStoreOptions& options = with_keys) {
    try {
        s3_options(url, options);
    } catch (const Error& e) {
        EXPECT_EQ(e.parameter(), "FURROW_BLOBS") << e.what();
        return e.code();
    }
    ADD_FAILURE() << url << " was accepted";
    return ErrorCode::internal;
}

TEST(S3Options, reads_bucket_prefix_endpoint_region_and_threshold) {
    const auto o = s3_options("s3://data/furrow/prod/?endpoint=http://127.0.0.1:9000&region=eu-west-3&multipart_threshold=5242880",
                              with_keys);
    EXPECT_EQ(o.bucket.bucket, "data");
    EXPECT_EQ(o.prefix, "furrow/prod/");
    EXPECT_EQ(o.bucket.endpoint, "http://127.0.0.1:9000");
    EXPECT_EQ(o.bucket.region, "eu-west-3");
    EXPECT_EQ(o.multipart_threshold, 5 * 1024 * 1024);
    EXPECT_EQ(o.bucket.credentials.access_key, "AK");
    EXPECT_EQ(o.bucket.credentials.secret_key, "SK");
    EXPECT_EQ(o.local_dir, "/tmp/furrow-local");
    EXPECT_EQ(o.cache_bytes, 1000);
}

TEST(S3Options, defaults_to_aws_us_east_1_without_prefix) {
    const auto o = s3_options("s3://data", with_keys);
    EXPECT_EQ(o.bucket.endpoint, "");
    EXPECT_EQ(o.bucket.region, "us-east-1");
    EXPECT_EQ(o.prefix, "");
    EXPECT_EQ(o.multipart_threshold, 16 * 1024 * 1024);
}

TEST(S3Options, decodes_a_percent_encoded_endpoint) {
    EXPECT_EQ(s3_options("s3://b?endpoint=http%3A%2F%2Fminio%3A9000", with_keys).bucket.endpoint, "http://minio:9000");
}

TEST(S3Options, rejects_bad_urls_naming_furrow_blobs) {
    EXPECT_EQ(code_of("s3://?endpoint=http://x"), ErrorCode::invalid_input);
    EXPECT_EQ(code_of("s3://b?endpoint=ftp://x"), ErrorCode::invalid_input);
    EXPECT_EQ(code_of("s3://b?multipart_threshold=1000"), ErrorCode::invalid_input); // below S3's 5 MiB part
    EXPECT_EQ(code_of("s3://b?multipart_threshold=lots"), ErrorCode::invalid_input);
    EXPECT_EQ(code_of("s3://b?colour=red"), ErrorCode::invalid_input);
    EXPECT_EQ(code_of("s3://b", BlobStoreOptions{"/tmp", 1, "", ""}), ErrorCode::invalid_input); // no credentials
}

TEST(S3Options, part_size_is_the_threshold_until_ten_thousand_parts_would_not_do) {
    const std::int64_t mib = 1024 * 1024;
    EXPECT_EQ(part_size_for(12 * mib, 5 * mib), 5 * mib);
    EXPECT_EQ(part_size_for(3 * 1024 * mib, 16 * mib), 16 * mib);
    // 200 GiB in 16 MiB parts would be 12 800 parts: grown to ceil(bytes / 10 000).
    const std::int64_t huge = 200 * 1024 * mib;
    EXPECT_EQ(part_size_for(huge, 16 * mib), (huge + 9999) / 10000);
    EXPECT_LE((huge + part_size_for(huge, 16 * mib) - 1) / part_size_for(huge, 16 * mib), max_parts);
}

} // namespace
} // namespace furrow::store::s3
