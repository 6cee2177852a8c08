#include "alerts/http_post.hpp"

#include "net/curl_easy.hpp"

#include <fmt/format.h>

#include <sys/socket.h>

#include <chrono>

namespace furrow::alerts {
namespace {

std::size_t drop_body(char*, std::size_t size, std::size_t count, void*) { return size * count; }

struct ConnectCheck {
    const HttpPost* request = nullptr;
    std::string refused; // why the last address was refused, for the log
};

// curl calls this for every address it is about to connect to, after its own resolution.
curl_socket_t open_checked_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto& check = *static_cast<ConnectCheck*>(user);
    if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
    const auto kind = classify(&address->addr);
    if (!check.request->policy.host_listed(check.request->host) && !check.request->policy.permits(kind)) {
        check.refused = fmt::format("refused to connect to {}: it is {}", address_text(&address->addr), describe(kind));
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

} // namespace

store::AlertAttempt post_json(const HttpPost& request) {
    const auto curl = net::make_curl_handle("alerts", request.timeout_ms, request.timeout_ms);
    std::vector<std::string> lines = {"Content-Type: application/json", "Expect:"}; // Expect: no 100-continue
    for (const auto& [name, value] : request.headers) lines.push_back(name + ": " + value);
    const auto headers = net::make_curl_headers(lines, "alerts");

    store::AlertAttempt out;
    ConnectCheck check{&request, {}};
    char error[CURL_ERROR_SIZE] = {};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_USERAGENT, "furrow-alerts/1");
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &check);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, drop_body);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    const auto started = std::chrono::steady_clock::now();
    const CURLcode rc = curl_easy_perform(h);
    out.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (rc != CURLE_OK) {
        out.http_status = 0;
        out.connection_error = !check.refused.empty() ? check.refused
                                                      : fmt::format("{}: {}", curl_easy_strerror(rc), error[0] ? error : "");
        return out;
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    out.http_status = static_cast<int>(status);
    return out;
}

} // namespace furrow::alerts
