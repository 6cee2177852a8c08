#include "alerts/http_post.hpp"

#include "core/error.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>
#include <mutex>

namespace furrow::alerts {
namespace {

// curl_global_init is not thread-safe; it runs once, before any thread uses curl.
void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error(ErrorCode::internal, "alerts: curl_global_init failed");
    });
}

// Keeps the first max_logged_response bytes and drains the rest (so the receiver is not cut off).
std::size_t keep_some(char* data, std::size_t size, std::size_t count, void* user) {
    auto& kept = *static_cast<std::string*>(user);
    const std::size_t n = size * count;
    if (kept.size() < max_logged_response) kept.append(data, std::min(n, max_logged_response - kept.size()));
    return n;
}

struct CurlDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

} // namespace

store::AlertAttempt post_json(const HttpPost& request) {
    init_curl_once();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) throw Error(ErrorCode::internal, "alerts: curl_easy_init failed");
    std::vector<std::string> lines = {"Content-Type: application/json", "Expect:"}; // Expect: no 100-continue
    for (const auto& [name, value] : request.headers) lines.push_back(name + ": " + value);
    curl_slist* list = nullptr;
    for (const auto& line : lines) {
        curl_slist* grown = curl_slist_append(list, line.c_str());
        if (grown == nullptr) {
            curl_slist_free_all(list);
            throw Error(ErrorCode::internal, "alerts: out of memory for headers");
        }
        list = grown;
    }
    const std::unique_ptr<curl_slist, SlistDeleter> headers(list);

    store::AlertAttempt out;
    char error[CURL_ERROR_SIZE] = {};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_USERAGENT, "furrow-alerts/1");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, request.timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, request.timeout_ms);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_some);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.response);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        out.http_status = 0;
        out.connection_error = fmt::format("{}: {}", curl_easy_strerror(rc), error[0] ? error : "");
        return out;
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    out.http_status = static_cast<int>(status);
    return out;
}

} // namespace furrow::alerts
