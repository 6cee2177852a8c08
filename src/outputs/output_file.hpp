#pragma once
// A file being written by an output writer: bytes appended in order, errors thrown with the
// writer's name and the system's reason (a full disk is `unavailable`, so the job is retried).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace furrow::outputs {

class OutputFile {
public:
    // `what` names the writer in messages, e.g. "geoparquet".
    OutputFile(const std::filesystem::path& path, std::string what);
    void write(std::string_view bytes);
    std::uint64_t offset() const { return m_offset; }
    // Flushes and closes; an error here is thrown too (a close can be the first to report it).
    void close();

private:
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    [[noreturn]] void fail(const char* action) const;
    std::unique_ptr<std::FILE, Closer> m_file;
    std::string m_what;
    std::uint64_t m_offset = 0;
};

} // namespace furrow::outputs
