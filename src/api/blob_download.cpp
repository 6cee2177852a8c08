#include "api/blob_download.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace furrow::api {

Response blob_download(ApiContext& ctx, const std::string& key, const std::string& content_type, const std::string& file_name) {
    const std::string disposition = fmt::format("attachment; filename=\"{}\"", file_name);
    Response r;
    if (ctx.config.blob_redirects) {
        // A missing blob stays furrow's 404 rather than the bucket's XML error after the redirect.
        if (!ctx.blobs.size(key)) throw Error(ErrorCode::not_found, fmt::format("blobs: {} is missing", key));
        if (auto url = ctx.blobs.presigned_url(key, blob_redirect_seconds, {content_type, disposition})) {
            r.status = 302;
            r.content_type.clear();
            r.headers.emplace_back("Location", *url);
            r.headers.emplace_back("Cache-Control", "no-store"); // the URL expires; never reuse it
            return r;
        }
    }
    r.content_type = content_type;
    r.file = ctx.blobs.local_path(key);
    r.headers.emplace_back("Content-Disposition", disposition);
    return r;
}

} // namespace furrow::api
