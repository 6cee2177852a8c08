#pragma once
// A real S3-compatible server (npm s3rver, tests/support/s3rver/) on a free loopback port for the
// lifetime of this object. The npm package is installed into tests/support/s3rver/node_modules
// the first time (like tests/e2e's npm_install; a file lock keeps parallel test processes from
// installing twice). The server's stdin is a pipe held by this process, so it also stops when the
// test process dies. s3rver accepts any SigV4 signature from its one account (S3RVER/S3RVER):
// signing itself is checked against AWS's vectors in sigv4_test.cpp.
#include "support/temp_dir.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace furrow::testing {

class ThrowawayS3 {
public:
    static constexpr const char* access_key = "S3RVER";
    static constexpr const char* secret_key = "S3RVER";

    explicit ThrowawayS3(const std::vector<std::string>& buckets);
    ~ThrowawayS3();
    ThrowawayS3(const ThrowawayS3&) = delete;
    ThrowawayS3& operator=(const ThrowawayS3&) = delete;

    std::string endpoint() const; // "http://127.0.0.1:PORT"
    std::uint16_t port() const { return m_port; }
    // One JSON line per multipart part the server stored: {"upload","part","size","md5"}.
    std::filesystem::path parts_log() const { return m_dir.path() / "parts.log"; }
    void stop(); // the server is gone when this returns (idempotent)

private:
    TempDir m_dir;
    pid_t m_pid = -1;
    int m_stdin = -1;
    std::uint16_t m_port = 0;
};

// Installs tests/support/s3rver's npm packages if they are not there yet; throws with npm's
// output if that fails (never skips: the integration tests need the real server).
std::filesystem::path install_s3rver();

} // namespace furrow::testing
