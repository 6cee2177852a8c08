#include "outputs/output_file.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace furrow::outputs {

OutputFile::OutputFile(const std::filesystem::path& path, std::string what)
    : m_file(std::fopen(path.c_str(), "wb")), m_what(std::move(what)) {
    if (!m_file) fail("create");
}

void OutputFile::write(std::string_view bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), m_file.get()) != bytes.size()) fail("write");
    m_offset += bytes.size();
}

void OutputFile::close() {
    if (std::fflush(m_file.get()) != 0) fail("flush");
    if (std::fclose(m_file.release()) != 0) fail("close");
}

void OutputFile::fail(const char* action) const {
    const int err = errno;
    throw Error(err == ENOSPC ? ErrorCode::unavailable : ErrorCode::internal,
                fmt::format("{}: cannot {} output: {}", m_what, action, std::strerror(err)));
}

} // namespace furrow::outputs
