#include "net/curl_easy.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <mutex>

namespace furrow::net {
namespace {

// curl_global_init is not thread-safe; it runs once, before any thread uses curl.
void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error(ErrorCode::internal, "curl: curl_global_init failed");
    });
}

} // namespace

CurlHandle make_curl_handle(const char* who, long connect_timeout_ms, long timeout_ms) {
    init_curl_once();
    CurlHandle curl(curl_easy_init());
    if (!curl) throw Error(ErrorCode::internal, fmt::format("{}: curl_easy_init failed", who));
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    return curl;
}

CurlHeaders make_curl_headers(const std::vector<std::string>& lines, const char* who) {
    curl_slist* list = nullptr;
    for (const auto& line : lines) {
        curl_slist* grown = curl_slist_append(list, line.c_str());
        if (grown == nullptr) {
            curl_slist_free_all(list);
            throw Error(ErrorCode::internal, fmt::format("{}: out of memory for headers", who));
        }
        list = grown;
    }
    return CurlHeaders(list);
}

} // namespace furrow::net
