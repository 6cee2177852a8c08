#pragma once
// A stored blob as a download response: furrow streams its local copy (Range honoured by the
// server), or, when FURROW_BLOB_REDIRECTS=1 and the blob store can presign (S3), answers 302 to a
// short-lived bucket URL so the bytes do not pass through furrow.
#include "api/api_context.hpp"
#include "api/http_types.hpp"

#include <string>

namespace furrow::api {

inline constexpr int blob_redirect_seconds = 600; // the client follows the redirect at once

// `file_name` is what the client saves it as (Content-Disposition: attachment).
Response blob_download(ApiContext& ctx, const std::string& key, const std::string& content_type,
                       const std::string& file_name);

} // namespace furrow::api
