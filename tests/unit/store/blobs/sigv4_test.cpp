// SigV4 against AWS's published vectors (the independent check; s3rver does not verify v4
// signatures): the SigV4 test suite ("get-vanilla", "post-x-www-form-urlencoded", credentials
// AKIDEXAMPLE, 2015-08-30) and the examples of the S3 API reference "Signature Calculations for
// the Authorization Header" and "Authenticating Requests: Using Query Parameters" (credentials
// AKIAIOSFODNN7EXAMPLE, 2013-05-24).
#include "store/blobs/s3/sigv4.hpp"

#include <gtest/gtest.h>

namespace furrow::store::s3 {
namespace {

const std::string empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The SigV4 test suite's credentials and request date.
const Credentials suite_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
const SigningScope suite_scope{"20150830", "us-east-1", "service"};
const char* const suite_date = "20150830T123600Z";

// The S3 documentation's credentials (note '/' where the suite's secret has '+').
const Credentials s3_credentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
const SigningScope s3_scope{"20130524", "us-east-1", "s3"};
const char* const s3_date = "20130524T000000Z";
const char* const s3_host = "examplebucket.s3.amazonaws.com";

std::string signature_of(const std::string& authorization) {
    return authorization.substr(authorization.find("Signature=") + 10);
}

TEST(Sigv4, get_vanilla_matches_the_test_suite) {
    const CanonicalInput input{"GET", "/", {}, {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", suite_date}}, empty_hash};
    EXPECT_EQ(sha256_hex(""), empty_hash);
    EXPECT_EQ(canonical_request(input), "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                                        "host;x-amz-date\n" + empty_hash);
    EXPECT_EQ(authorization_header(suite_credentials, suite_scope, suite_date, input),
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
              "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(Sigv4, post_x_www_form_urlencoded_matches_the_test_suite) {
    const std::string body_hash = sha256_hex("Param1=value1");
    EXPECT_EQ(body_hash, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    const CanonicalInput input{"POST",
                               "/",
                               {},
                               {{"Content-Type", "application/x-www-form-urlencoded"},
                                {"Host", "example.amazonaws.com"},
                                {"X-Amz-Date", suite_date}},
                               body_hash};
    EXPECT_EQ(authorization_header(suite_credentials, suite_scope, suite_date, input),
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
              "SignedHeaders=content-type;host;x-amz-date, "
              "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

TEST(Sigv4, s3_get_object_example_matches_step_by_step) {
    const CanonicalInput input{"GET",
                               "/test.txt",
                               {},
                               {{"Host", s3_host},
                                {"Range", "bytes=0-9"},
                                {"x-amz-content-sha256", empty_hash},
                                {"x-amz-date", s3_date}},
                               empty_hash};
    const std::string to_sign = string_to_sign(s3_date, s3_scope, canonical_request(input));
    EXPECT_EQ(to_sign, "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                       "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
    EXPECT_EQ(signature(s3_credentials.secret_key, s3_scope, to_sign),
              "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    EXPECT_EQ(signed_header_names(input.headers), "host;range;x-amz-content-sha256;x-amz-date");
}

TEST(Sigv4, s3_put_object_example_encodes_the_key_and_signs_extra_headers) {
    const std::string path = uri_encode("/test$file.text", false);
    EXPECT_EQ(path, "/test%24file.text");
    const std::string body_hash = sha256_hex("Welcome to Amazon S3.");
    EXPECT_EQ(body_hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    const CanonicalInput input{"PUT",
                               path,
                               {},
                               {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                                {"Host", s3_host},
                                {"x-amz-content-sha256", body_hash},
                                {"x-amz-date", s3_date},
                                {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                               body_hash};
    EXPECT_EQ(signature_of(authorization_header(s3_credentials, s3_scope, s3_date, input)),
              "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(Sigv4, s3_bucket_examples_sort_and_encode_the_query) {
    const NameValues headers = {{"Host", s3_host}, {"x-amz-content-sha256", empty_hash}, {"x-amz-date", s3_date}};
    const CanonicalInput lifecycle{"GET", "/", {{"lifecycle", ""}}, headers, empty_hash};
    EXPECT_EQ(signature_of(authorization_header(s3_credentials, s3_scope, s3_date, lifecycle)),
              "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    const CanonicalInput list{"GET", "/", {{"prefix", "J"}, {"max-keys", "2"}}, headers, empty_hash};
    EXPECT_EQ(canonical_query(list.query), "max-keys=2&prefix=J");
    EXPECT_EQ(signature_of(authorization_header(s3_credentials, s3_scope, s3_date, list)),
              "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(Sigv4, s3_presigned_url_example_matches) {
    const std::string query = presigned_query(s3_credentials, s3_scope, s3_date, 86400, "GET", "/test.txt", s3_host, {});
    EXPECT_EQ(query, "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                     "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                     "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                     "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(Sigv4, amz_date_formats_utc) {
    EXPECT_EQ(amz_date(1369353600), "20130524T000000Z");   // 2013-05-24 00:00:00 UTC
    EXPECT_EQ(amz_date(1440938160), "20150830T123600Z");   // 2015-08-30 12:36:00 UTC
}

TEST(Sigv4, uri_encode_keeps_unreserved_and_encodes_the_rest) {
    EXPECT_EQ(uri_encode("a-b_c.d~e/f g+h", false), "a-b_c.d~e/f%20g%2Bh");
    EXPECT_EQ(uri_encode("a/b", true), "a%2Fb");
    EXPECT_EQ(uri_encode("\xc3\xa9", true), "%C3%A9");
}

} // namespace
} // namespace furrow::store::s3
