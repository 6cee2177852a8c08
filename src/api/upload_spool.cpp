#include "api/upload_spool.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace furrow::api {
namespace {

[[noreturn]] void disk_error(const char* what) {
    const int err = errno;
    // A full disk is the server's problem and temporary: 503, so the client retries later.
    throw Error(err == ENOSPC || err == EDQUOT ? ErrorCode::unavailable : ErrorCode::internal,
                fmt::format("upload: cannot {} the staging file: {}", what, std::strerror(err)));
}

} // namespace

UploadSpool::UploadSpool(std::string_view content_type, const std::filesystem::path& staging_dir,
                         std::int64_t max_file_bytes)
    : m_path(staging_dir / ("upload-" + random_hex(12) + ".zip")), m_max_file_bytes(max_file_bytes) {
    const auto boundary = multipart_boundary(content_type);
    if (!boundary)
        throw Error(ErrorCode::invalid_input, "file",
                    "body: expected multipart/form-data with a boundary and a part named 'file'");
    m_parser = std::make_unique<MultipartParser>(*boundary, [this](const MultipartPart& part) -> MultipartParser::Sink {
        if (part.name != "file" || m_upload) return {}; // only the first part named "file" is the upload
        std::filesystem::create_directories(m_path.parent_path());
        m_file = std::fopen(m_path.c_str(), "wb");
        if (m_file == nullptr) disk_error("create");
        m_upload = UploadedFile{part.name, part.filename, m_path, 0};
        return [this](const char* data, std::size_t size) { write(data, size); };
    });
}

UploadSpool::~UploadSpool() {
    if (m_file) std::fclose(m_file);
}

void UploadSpool::write(const char* data, std::size_t size) {
    m_upload->size += size;
    if (static_cast<std::int64_t>(m_upload->size) > m_max_file_bytes)
        throw Error(ErrorCode::too_large, "file", fmt::format("file: larger than the limit of {} bytes", m_max_file_bytes));
    if (std::fwrite(data, 1, size, m_file) != size) disk_error("write");
}

void UploadSpool::feed(const char* data, std::size_t size) { m_parser->feed(data, size); }

void UploadSpool::finish(Request& req) {
    m_parser->finish();
    if (m_file) {
        if (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0) disk_error("flush");
        const int rc = std::fclose(m_file);
        m_file = nullptr;
        if (rc != 0) disk_error("close");
    }
    req.upload = m_upload;
    req.form = m_parser->fields();
}

const UploadedFile& required_upload(const Request& req) {
    if (!req.upload) throw Error(ErrorCode::invalid_input, "file", "file: a multipart part named 'file' is required");
    return *req.upload;
}

std::string upload_file_name(const UploadedFile& upload) { return upload.filename.empty() ? "upload.zip" : upload.filename; }

void discard_upload(const Request& req) {
    if (!req.upload) return;
    std::error_code ec;
    std::filesystem::remove(req.upload->path, ec);
}

} // namespace furrow::api
