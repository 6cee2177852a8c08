#include "support/throwaway_s3.hpp"

#include <fmt/format.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace furrow::testing {
namespace fs = std::filesystem;
namespace {

fs::path s3rver_folder() { return fs::path(FURROW_SOURCE_DIR) / "tests" / "support" / "s3rver"; }

bool installed(const fs::path& folder) { return fs::exists(folder / "node_modules" / "s3rver" / "package.json"); }

// Reads the server's first stdout line ("listening PORT"), waiting at most `timeout`.
std::string read_first_line(int fd, std::chrono::milliseconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (line.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) throw std::runtime_error("s3rver did not start within " + std::to_string(timeout.count()) + " ms");
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[256];
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) throw std::runtime_error("s3rver exited before listening (see its stderr above): " + line);
        line.append(buffer, static_cast<std::size_t>(n));
    }
    return line.substr(0, line.find('\n'));
}

bool answers(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

} // namespace

fs::path install_s3rver() {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    const fs::path folder = s3rver_folder();
    if (installed(folder)) return folder;
    // Several test processes may start at once (ctest -j): one installs, the others wait.
    const auto lock_path = fs::temp_directory_path() / "furrow-s3rver-npm.lock";
    const int lock_fd = ::open(lock_path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0666);
    if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + lock_path.string());
    if (!installed(folder)) {
        const auto log = fs::temp_directory_path() / fmt::format("furrow-s3rver-npm-{}.log", ::getpid());
        const std::string cmd = fmt::format("cd '{}' && npm install --no-audit --no-fund --loglevel=error > '{}' 2>&1",
                                            folder.string(), log.string());
        const int rc = std::system(cmd.c_str());
        std::stringstream output;
        output << std::ifstream(log).rdbuf();
        fs::remove(log);
        if (rc != 0 || !installed(folder)) {
            ::close(lock_fd);
            throw std::runtime_error(fmt::format("`npm install` in {} failed (rc={}); the S3 tests need npm s3rver:\n{}",
                                                 folder.string(), rc, output.str()));
        }
    }
    ::close(lock_fd); // releases the lock
    return folder;
}

ThrowawayS3::ThrowawayS3(const std::vector<std::string>& buckets) {
    const fs::path folder = install_s3rver();
    std::vector<std::string> args = {"node", "start.js", "--port", "0", "--dir", (m_dir.path() / "data").string(),
                                     "--parts-log", parts_log().string()};
    for (const auto& bucket : buckets) args.insert(args.end(), {"--bucket", bucket});
    int in_pipe[2];
    int out_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        if (::chdir(folder.c_str()) != 0) ::_exit(126);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execvp("node", argv.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    m_stdin = in_pipe[1];
    try {
        if (m_pid < 0) throw std::runtime_error("fork failed");
        std::string line;
        try {
            line = read_first_line(out_pipe[0], std::chrono::seconds(30));
        } catch (...) {
            ::close(out_pipe[0]);
            throw;
        }
        ::close(out_pipe[0]);
        if (!line.starts_with("listening ")) throw std::runtime_error("s3rver said: " + line);
        m_port = static_cast<std::uint16_t>(std::stoi(line.substr(10)));
        for (int attempt = 0; !answers(m_port); ++attempt) {
            if (attempt == 100) throw std::runtime_error("s3rver does not answer on its port");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    } catch (...) {
        stop();
        throw;
    }
}

ThrowawayS3::~ThrowawayS3() { stop(); }

std::string ThrowawayS3::endpoint() const { return fmt::format("http://127.0.0.1:{}", m_port); }

void ThrowawayS3::stop() {
    if (m_stdin >= 0) ::close(m_stdin);
    m_stdin = -1;
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

} // namespace furrow::testing
