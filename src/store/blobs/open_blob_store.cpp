#include "core/error.hpp"
#include "store/blobs/blob_store.hpp"
#include "store/blobs/fs_blob_store.hpp"

#include <fmt/format.h>

namespace furrow::store {

std::unique_ptr<BlobStore> open_blob_store(const std::string& url) {
    constexpr std::string_view file_scheme = "file://";
    if (url.starts_with(file_scheme)) return std::make_unique<FsBlobStore>(url.substr(file_scheme.size()));
    throw Error(ErrorCode::invalid_input, "FURROW_BLOBS",
                fmt::format("blobs: unsupported blob store URL '{}' (expected file://DIR)", url));
}

} // namespace furrow::store
