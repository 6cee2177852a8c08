#pragma once
// A multipart upload on its way to disk: the part named "file" is written to a staging file as
// it arrives (constant memory whatever the size), text fields are kept for the handler.
#include "api/http_types.hpp"
#include "api/multipart.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

namespace furrow::api {

class UploadSpool {
public:
    // Throws Error(invalid_input) if content_type is not multipart/form-data with a boundary.
    UploadSpool(std::string_view content_type, const std::filesystem::path& staging_dir, std::int64_t max_file_bytes);
    ~UploadSpool();
    UploadSpool(const UploadSpool&) = delete;
    UploadSpool& operator=(const UploadSpool&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    void feed(const char* data, std::size_t size);
    // Checks the body was complete, flushes to disk, and hands file + fields to the request.
    void finish(Request& req);

private:
    void write(const char* data, std::size_t size);

    std::filesystem::path m_path;
    std::int64_t m_max_file_bytes;
    std::FILE* m_file = nullptr;
    std::optional<UploadedFile> m_upload;
    std::unique_ptr<MultipartParser> m_parser;
};

// For the handlers of upload routes (batches, boundary uploads): the spooled part named "file" (400
// naming it when the body had none), its file name ("upload.zip" when the client sent none), and the
// removal of the staging file of a request whose upload is refused.
const UploadedFile& required_upload(const Request& req);
std::string upload_file_name(const UploadedFile& upload);
void discard_upload(const Request& req);

} // namespace furrow::api
