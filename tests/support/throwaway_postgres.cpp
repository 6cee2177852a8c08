#include "support/throwaway_postgres.hpp"

#include <libpq-fe.h>

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace furrow::testing {
namespace {

namespace fs = std::filesystem;

bool running_as_root() { return ::geteuid() == 0; }

// The bin directory of the newest installed PostgreSQL (not the /usr/local/bin wrappers).
fs::path find_bin_dir() {
    fs::path best;
    int best_version = -1;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto name = entry.path().filename().string();
        if (!fs::exists(entry.path() / "bin" / "initdb")) continue;
        const int version = std::atoi(name.c_str());
        if (version > best_version) {
            best_version = version;
            best = entry.path() / "bin";
        }
    }
    if (best.empty())
        throw std::runtime_error("throwaway postgres: no /usr/lib/postgresql/*/bin/initdb (Debian package postgresql)");
    return best;
}

// The shell command that runs `command` as the server's owner.
std::string as_owner(const std::string& command) {
    return running_as_root() ? "runuser -u postgres -- " + command : command;
}

void give_to_owner(const fs::path& path) {
    if (!running_as_root()) return;
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) throw std::runtime_error("throwaway postgres: running as root but there is no user postgres");
    if (::chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0)
        throw std::runtime_error("throwaway postgres: cannot chown " + path.string());
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void run(const std::string& command, const fs::path& log) {
    const std::string full = command + " >>" + log.string() + " 2>&1";
    if (std::system(full.c_str()) != 0)
        throw std::runtime_error("throwaway postgres: failed: " + command + "\n" + read_text(log));
}

// A port nothing listens on now: bound to 0 and released (a race with other processes is
// possible but unlikely; pg_ctl then fails loudly).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string random_suffix() {
    static std::mt19937_64 rng{std::random_device{}()};
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string out;
    for (int char_idx = 0; char_idx < 12; ++char_idx) out += digits[rng() % 36];
    return out;
}

fs::path make_owned_dir(const std::string& prefix) {
    std::string pattern = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("throwaway postgres: mkdtemp failed");
    give_to_owner(pattern);
    return pattern;
}

// The initdb'ed template shared by the processes of this machine, made once (atomically by
// rename, so concurrent first processes cannot see half of one).
fs::path template_dir(const fs::path& bin) {
    const auto version = bin.parent_path().filename().string();
    const auto target = fs::temp_directory_path() /
                        ("furrow-pg-template-" + version + (running_as_root() ? "-postgres" : "-" + std::to_string(::geteuid())));
    if (fs::exists(target / "data" / "PG_VERSION")) return target;
    const auto scratch = make_owned_dir("furrow-pg-initdb-");
    run(as_owner((bin / "initdb").string() + " -D " + (scratch / "data").string() +
                 " -U furrow --auth=trust --no-locale -E UTF8 --no-sync"),
        scratch / "initdb.log");
    std::error_code ec;
    fs::rename(scratch, target, ec);
    if (ec) fs::remove_all(scratch); // another process won the race; use its template
    return target;
}

} // namespace

ThrowawayPostgres& ThrowawayPostgres::instance() {
    static ThrowawayPostgres server;
    return server;
}

ThrowawayPostgres::ThrowawayPostgres() : m_bin(find_bin_dir()) {
    const auto templ = template_dir(m_bin);
    m_root = make_owned_dir("furrow-pg-");
    run("cp -a " + (templ / "data").string() + " " + (m_root / "data").string(), m_root / "setup.log");
    m_port = free_port();
    start();
}

void ThrowawayPostgres::start() {
    run(as_owner((m_bin / "pg_ctl").string() + " -D " + (m_root / "data").string() + " -l " +
                 (m_root / "server.log").string() + " -o \"-p " + std::to_string(m_port) + " -k " + m_root.string() +
                 " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off\"" +
                 " -w start"),
        m_root / "setup.log");
}

ThrowawayPostgres::~ThrowawayPostgres() {
    const std::string stop = as_owner((m_bin / "pg_ctl").string() + " -D " + (m_root / "data").string() +
                                      " stop -m immediate >/dev/null 2>&1");
    if (std::system(stop.c_str()) != 0) {
        // Already stopped (a test stopped it); the directory goes all the same.
    }
    std::error_code ec;
    fs::remove_all(m_root, ec);
}

void ThrowawayPostgres::restart() {
    run(as_owner((m_bin / "pg_ctl").string() + " -D " + (m_root / "data").string() + " stop -m immediate"),
        m_root / "setup.log");
    start();
}

std::string ThrowawayPostgres::url(const std::string& name) const {
    return "postgres://furrow@127.0.0.1:" + std::to_string(m_port) + "/" + name;
}

std::string ThrowawayPostgres::fresh_database_url() {
    const std::string name = "t_" + random_suffix();
    PGconn* conn = PQconnectdb(url("postgres").c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
        error = PQerrorMessage(conn);
    } else {
        PGresult* res = PQexec(conn, ("CREATE DATABASE " + name).c_str());
        if (PQresultStatus(res) != PGRES_COMMAND_OK) error = PQresultErrorMessage(res);
        PQclear(res);
    }
    PQfinish(conn);
    if (!error.empty()) throw std::runtime_error("throwaway postgres: CREATE DATABASE " + name + ": " + error);
    return url(name);
}

} // namespace furrow::testing
