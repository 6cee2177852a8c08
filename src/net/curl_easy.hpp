#pragma once
// The libcurl setup every furrow HTTP client shares (webhook delivery, the S3 blob store): one
// global init, easy handles and header lists owned by RAII, and the options no caller should forget
// (no signals from worker threads, no redirects, http/https only).
#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

namespace furrow::net {

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

struct CurlSlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHeaders = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// A new easy handle with the shared options set: only http/https, no redirects followed, no
// signals (threads), connect and total time bounded by `timeout_ms` (0 = total time unbounded,
// for long transfers; the connect limit then stays `connect_timeout_ms`).
// Throws Error(internal) naming `who` if curl cannot be set up.
CurlHandle make_curl_handle(const char* who, long connect_timeout_ms, long timeout_ms);

// "Name: value" lines as a curl header list. Throws Error(internal) on allocation failure.
CurlHeaders make_curl_headers(const std::vector<std::string>& lines, const char* who);

} // namespace furrow::net
