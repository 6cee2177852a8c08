// S3BlobStore against a real S3-compatible server (npm s3rver on loopback, ThrowawayS3).
// Expected bytes and part digests are computed here from the bytes the test wrote (OpenSSL MD5),
// never from furrow's own earlier output.
#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/blobs/blob_store.hpp"
#include "support/temp_dir.hpp"
#include "support/throwaway_s3.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <fstream>
#include <random>
#include <sstream>

namespace furrow::store {
namespace {
namespace fs = std::filesystem;

constexpr const char* bucket = "furrow-test";
constexpr std::int64_t mib = 1024 * 1024;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 gen(seed);
    std::string out(size, '\0');
    for (auto& c : out) c = static_cast<char>(gen() & 0xff);
    return out;
}

std::string md5_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
    std::string out;
    for (unsigned int byte_idx = 0; byte_idx < size; ++byte_idx) out += fmt::format("{:02x}", digest[byte_idx]);
    return out;
}

struct Fetched {
    long status = 0;
    std::string body;
    std::string headers;
};

std::size_t append(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

// A plain, unauthenticated GET (what a browser following a redirect does).
Fetched plain_get(const std::string& url) {
    Fetched out;
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, append);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &out.headers);
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
    curl_easy_cleanup(h);
    return out;
}

ErrorCode error_code_of(const std::function<void()>& fn, std::string* message = nullptr) {
    try {
        fn();
    } catch (const Error& e) {
        if (message) *message = e.what();
        return e.code();
    }
    ADD_FAILURE() << "no furrow::Error thrown";
    return ErrorCode::internal;
}

class S3BlobStoreTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_server = new testing::ThrowawayS3({bucket}); }
    static void TearDownTestSuite() {
        delete s_server;
        s_server = nullptr;
    }

    // A store on the shared server; `local` holds its cache and staging (one per "process").
    static std::unique_ptr<BlobStore> open(const fs::path& local, const std::string& path = "",
                                           const std::string& extra = "", std::int64_t cache_bytes = 1LL << 30,
                                           testing::ThrowawayS3* server = nullptr) {
        server = server ? server : s_server;
        const BlobStoreOptions options{local, cache_bytes, testing::ThrowawayS3::access_key, testing::ThrowawayS3::secret_key};
        return open_blob_store(fmt::format("s3://{}{}?endpoint={}&region=us-east-1{}", bucket, path, server->endpoint(), extra),
                               options);
    }

    static void put(BlobStore& store, const std::string& key, const std::string& bytes) {
        const fs::path staged = store.staging_dir() / (random_hex(8) + ".part");
        std::ofstream(staged, std::ios::binary) << bytes;
        store.put_file(key, staged);
        EXPECT_FALSE(fs::exists(staged)) << "the staged file is consumed";
    }

    static testing::ThrowawayS3* s_server;
    testing::TempDir m_a;
    testing::TempDir m_b;
    const std::string m_key = "files/" + new_uuid() + "/standard.geojson";
};

testing::ThrowawayS3* S3BlobStoreTest::s_server = nullptr;

TEST_F(S3BlobStoreTest, put_read_size_and_remove) {
    auto store = open(m_a.path());
    put(*store, m_key, R"({"type":"FeatureCollection"})");
    EXPECT_EQ(store->size(m_key), 28);
    EXPECT_EQ(read_file(store->local_path(m_key)), R"({"type":"FeatureCollection"})");
    // A second store (another process, empty cache) downloads the same bytes.
    auto other = open(m_b.path());
    EXPECT_EQ(read_file(other->local_path(m_key)), R"({"type":"FeatureCollection"})");
    store->remove(m_key);
    EXPECT_EQ(store->size(m_key), std::nullopt);
    EXPECT_EQ(error_code_of([&] { other->local_path(m_key); }), ErrorCode::not_found);
}

TEST_F(S3BlobStoreTest, a_republished_key_is_seen_by_a_store_holding_the_old_copy) {
    auto writer = open(m_a.path());
    auto reader = open(m_b.path());
    put(*writer, m_key, "first version");
    const fs::path first = reader->local_path(m_key);
    EXPECT_EQ(read_file(first), "first version");
    EXPECT_EQ(reader->local_path(m_key), first) << "an unchanged ETag is served from the cache";
    put(*writer, m_key, "the second, longer version");
    EXPECT_EQ(read_file(reader->local_path(m_key)), "the second, longer version");
    EXPECT_EQ(read_file(writer->local_path(m_key)), "the second, longer version");
    EXPECT_EQ(reader->size(m_key), 26);
}

TEST_F(S3BlobStoreTest, large_blobs_go_up_in_parts_that_reassemble_exactly) {
    auto writer = open(m_a.path(), "", fmt::format("&multipart_threshold={}", 5 * mib));
    const std::string bytes = random_bytes(static_cast<std::size_t>(12 * mib), 7);
    put(*writer, m_key, bytes);

    // The server stored three parts: 5 MiB, 5 MiB and the last 2 MiB, each with the digest of
    // exactly that slice of the file.
    std::vector<nlohmann::json> parts;
    std::ifstream log(s_server->parts_log());
    for (std::string line; std::getline(log, line);) parts.push_back(nlohmann::json::parse(line));
    ASSERT_GE(parts.size(), 3U);
    parts.erase(parts.begin(), parts.end() - 3); // earlier tests' uploads, if any
    for (int part_idx = 0; part_idx < 3; ++part_idx) {
        const auto offset = static_cast<std::size_t>(part_idx * 5 * mib);
        const auto length = std::min<std::size_t>(static_cast<std::size_t>(5 * mib), bytes.size() - offset);
        EXPECT_EQ(parts[part_idx]["part"], part_idx + 1);
        EXPECT_EQ(parts[part_idx]["size"], length);
        EXPECT_EQ(parts[part_idx]["md5"], md5_hex(std::string_view(bytes).substr(offset, length)));
    }
    auto reader = open(m_b.path());
    EXPECT_EQ(reader->size(m_key), 12 * mib);
    EXPECT_TRUE(read_file(reader->local_path(m_key)) == bytes) << "12 MiB read back differ";
}

TEST_F(S3BlobStoreTest, presigned_url_serves_the_bytes_to_a_plain_http_client) {
    auto store = open(m_a.path());
    const std::string bytes = random_bytes(70'000, 3);
    put(*store, m_key, bytes);
    const auto url = store->presigned_url(m_key, 60, {"application/geo+json", "attachment; filename=\"f.geojson\""});
    ASSERT_TRUE(url.has_value());
    EXPECT_NE(url->find("X-Amz-Signature="), std::string::npos);
    const Fetched got = plain_get(*url);
    EXPECT_EQ(got.status, 200);
    EXPECT_TRUE(got.body == bytes) << "presigned GET returned " << got.body.size() << " bytes";
    EXPECT_NE(got.headers.find("attachment; filename=\"f.geojson\""), std::string::npos) << got.headers;
    EXPECT_NE(got.headers.find("application/geo+json"), std::string::npos) << got.headers;
}

TEST_F(S3BlobStoreTest, a_prefix_puts_keys_under_it_in_the_bucket) {
    auto prefixed = open(m_a.path(), "/tenant/one");
    put(*prefixed, m_key, "under a prefix");
    auto bare = open(m_b.path());
    EXPECT_EQ(read_file(bare->local_path("tenant/one/" + m_key)), "under a prefix");
    EXPECT_EQ(bare->size(m_key), std::nullopt);
}

TEST_F(S3BlobStoreTest, missing_keys_are_not_found) {
    auto store = open(m_a.path());
    std::string message;
    EXPECT_EQ(error_code_of([&] { store->local_path(m_key); }, &message), ErrorCode::not_found);
    EXPECT_NE(message.find(m_key), std::string::npos) << message;
    EXPECT_EQ(store->size(m_key), std::nullopt);
    store->remove(m_key); // nothing to remove is not an error
}

TEST_F(S3BlobStoreTest, the_read_cache_keeps_to_its_budget) {
    auto writer = open(m_a.path());
    auto reader = open(m_b.path(), "", "", 2500); // room for one 1500-byte copy, not two
    const std::vector<std::string> keys = {m_key + ".1", m_key + ".2", m_key + ".3"};
    for (std::size_t key_idx = 0; key_idx < keys.size(); ++key_idx)
        put(*writer, keys[key_idx], random_bytes(1500, static_cast<unsigned>(key_idx)));
    for (const auto& key : keys) reader->local_path(key);
    std::int64_t cached = 0;
    for (const auto& entry : fs::directory_iterator(m_b.path() / "blob-cache")) cached += static_cast<std::int64_t>(entry.file_size());
    EXPECT_EQ(cached, 1500) << "only the last copy fits";
    EXPECT_EQ(read_file(reader->local_path(keys[0])), random_bytes(1500, 0)) << "an evicted copy is fetched again";
}

TEST(S3BlobStoreDown, a_stopped_server_makes_every_call_unavailable) {
    testing::ThrowawayS3 server({bucket});
    testing::TempDir local;
    const BlobStoreOptions options{local.path(), 1LL << 30, testing::ThrowawayS3::access_key, testing::ThrowawayS3::secret_key};
    auto store = open_blob_store(fmt::format("s3://{}?endpoint={}", bucket, server.endpoint()), options);
    const fs::path staged = store->staging_dir() / "x.part";
    std::ofstream(staged) << "bytes";
    server.stop();
    std::string message;
    EXPECT_EQ(error_code_of([&] { store->put_file("k/x", staged); }, &message), ErrorCode::unavailable);
    EXPECT_NE(message.find("blob store unavailable"), std::string::npos) << message;
    EXPECT_TRUE(fs::exists(staged)) << "a failed upload leaves the staged file to its writer";
    EXPECT_EQ(error_code_of([&] { store->local_path("k/x"); }), ErrorCode::unavailable);
    EXPECT_EQ(error_code_of([&] { store->size("k/x"); }), ErrorCode::unavailable);
    EXPECT_EQ(error_code_of([&] { store->remove("k/x"); }), ErrorCode::unavailable);
}

} // namespace
} // namespace furrow::store
