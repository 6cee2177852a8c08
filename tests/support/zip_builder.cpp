#include "support/zip_builder.hpp"

#include <zip.h>

#include <stdexcept>

namespace furrow::testing {

void write_zip(const std::filesystem::path& out, const ZipEntries& entries) {
    int error = 0;
    zip_t* archive = zip_open(out.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (archive == nullptr) throw std::runtime_error("zip_open failed");
    for (const auto& [path, content] : entries) {
        // libzip reads the buffer at zip_close time; it must outlive this loop: `entries` does.
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        if (source == nullptr || zip_file_add(archive, path.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(source);
            zip_discard(archive);
            throw std::runtime_error("zip_file_add failed for " + path);
        }
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        throw std::runtime_error("zip_close failed");
    }
}

} // namespace furrow::testing
