#pragma once
// A PostgreSQL server of the test binary's own: started on first use (initdb + pg_ctl from
// /usr/lib/postgresql/*/bin, Debian package `postgresql`), on a free loopback port with trust
// auth and fsync off, and stopped and deleted at exit. PostgreSQL refuses to run as root, so
// under root (CI) the server runs as user `postgres`.
//
// ctest runs every test in a process of its own, so the initdb'ed data directory is made once
// and kept as a template under the temp dir (per PostgreSQL version); each process starts from
// a copy of it.
#include <filesystem>
#include <string>

namespace furrow::testing {

class ThrowawayPostgres {
public:
    // The server of this process; throws std::runtime_error (with the server's log) if it cannot start.
    static ThrowawayPostgres& instance();

    ThrowawayPostgres(const ThrowawayPostgres&) = delete;
    ThrowawayPostgres& operator=(const ThrowawayPostgres&) = delete;
    ~ThrowawayPostgres();

    // A new empty database (CREATE DATABASE t_<random>), as a postgres:// URL.
    std::string fresh_database_url();
    // psql-style URL of database `name` on this server.
    std::string url(const std::string& name) const;
    // Stops the server abruptly (pg_ctl stop -m immediate) and starts it again on the same port:
    // every open connection breaks, as in a database restart in production.
    void restart();

private:
    ThrowawayPostgres();
    void start();

    std::filesystem::path m_bin;  // /usr/lib/postgresql/<version>/bin
    std::filesystem::path m_root; // this server's directory: data/, socket, server.log
    int m_port = 0;
};

} // namespace furrow::testing
