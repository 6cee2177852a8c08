#include "alerts/http_post.hpp"

#include "net/curl_easy.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace furrow::alerts {
namespace {

// Keeps the first max_logged_response bytes and drains the rest (so the receiver is not cut off).
std::size_t keep_some(char* data, std::size_t size, std::size_t count, void* user) {
    auto& kept = *static_cast<std::string*>(user);
    const std::size_t n = size * count;
    if (kept.size() < max_logged_response) kept.append(data, std::min(n, max_logged_response - kept.size()));
    return n;
}

} // namespace

store::AlertAttempt post_json(const HttpPost& request) {
    const auto curl = net::make_curl_handle("alerts", request.timeout_ms, request.timeout_ms);
    std::vector<std::string> lines = {"Content-Type: application/json", "Expect:"}; // Expect: no 100-continue
    for (const auto& [name, value] : request.headers) lines.push_back(name + ": " + value);
    const auto headers = net::make_curl_headers(lines, "alerts");

    store::AlertAttempt out;
    char error[CURL_ERROR_SIZE] = {};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_USERAGENT, "furrow-alerts/1");
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
