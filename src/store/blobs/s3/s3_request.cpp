#include "store/blobs/s3/s3_request.hpp"

#include "core/error.hpp"
#include "net/curl_easy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace furrow::store::s3 {
namespace {

constexpr std::size_t max_kept_body = 64 * 1024; // error documents and small XML answers

struct Transfer {
    CURL* handle = nullptr;
    S3Response* response = nullptr;
    std::FILE* sink = nullptr;
    bool sink_failed = false;
    std::FILE* source = nullptr;
    std::int64_t source_left = 0;
};

bool is_success(long status) { return status >= 200 && status < 300; }

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    long status = 0;
    curl_easy_getinfo(t.handle, CURLINFO_RESPONSE_CODE, &status);
    if (t.sink != nullptr && is_success(status)) {
        if (std::fwrite(data, 1, n, t.sink) == n) return n;
        t.sink_failed = true;
        return 0; // aborts the transfer
    }
    auto& body = t.response->body;
    if (body.size() < max_kept_body) body.append(data, std::min(n, max_kept_body - body.size()));
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (line.starts_with("HTTP/")) t.response->headers.clear(); // a new response (after 100 Continue)
    const auto colon = line.find(':');
    if (colon == std::string::npos) return size * count;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    const auto last = value.find_last_not_of(" \t\r\n");
    t.response->headers[name] = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    return size * count;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const auto want = static_cast<std::size_t>(std::min<std::int64_t>(t.source_left, static_cast<std::int64_t>(size * count)));
    if (want == 0) return 0;
    const std::size_t got = std::fread(buffer, 1, want, t.source);
    if (got == 0) return CURL_READFUNC_ABORT; // the file shrank under us
    t.source_left -= static_cast<std::int64_t>(got);
    return got;
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// Opens the body's file at its offset; the caller keeps it open for the transfer.
std::unique_ptr<std::FILE, FileCloser> open_range(const FileRange& range, const std::string& what) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(range.path.c_str(), "rb"));
    if (!f || ::fseeko(f.get(), range.offset, SEEK_SET) != 0)
        throw Error(ErrorCode::internal, fmt::format("blob store: {}: cannot read {}", what, range.path.string()));
    return f;
}

// The verbs S3 needs: GET, HEAD, DELETE, PUT of a file range, POST of a small text body.
void set_method(CURL* h, const S3Request& request, Transfer& transfer, const std::string& what) {
    if (request.method == "HEAD") {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (request.method == "PUT" && request.body_file) {
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(h, CURLOPT_READDATA, &transfer);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body_file->length));
    } else if (request.method == "POST" && !request.body_file) {
        const std::string text = request.body_text.value_or("");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(text.size()));
        curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, text.c_str());
    } else if (request.method == "DELETE" && !request.body_file && !request.body_text) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
    } else if (request.method != "GET" || request.body_file || request.body_text) {
        throw Error(ErrorCode::internal, fmt::format("blob store: {}: unsupported request shape", what));
    }
}

std::vector<std::string> signed_headers(const S3Endpoint& endpoint, const S3Request& request, std::int64_t unix_now) {
    const std::string date = amz_date(unix_now);
    const std::string payload = request.body_text ? sha256_hex(*request.body_text)
                                : request.body_file ? std::string(unsigned_payload)
                                                    : sha256_hex("");
    CanonicalInput input{request.method, request.path, request.query,
                         {{"host", endpoint.host}, {"x-amz-content-sha256", payload}, {"x-amz-date", date}}, payload};
    const SigningScope scope{date.substr(0, 8), endpoint.region, "s3"};
    std::vector<std::string> lines = {
        "Host: " + endpoint.host, "x-amz-content-sha256: " + payload, "x-amz-date: " + date,
        "Authorization: " + authorization_header(endpoint.credentials, scope, date, input),
        "Expect:",        // no 100-continue round trip
        "Content-Type:",  // curl's form default for POST is not what we send
    };
    lines.insert(lines.end(), request.unsigned_headers.begin(), request.unsigned_headers.end());
    return lines;
}

} // namespace

S3Response perform(const S3Endpoint& endpoint, const S3Request& request, const std::string& what, std::int64_t unix_now) {
    const auto curl = net::make_curl_handle("blob store", endpoint.connect_timeout_ms, 0);
    CURL* h = curl.get();
    S3Response response;
    Transfer transfer;
    transfer.handle = h;
    transfer.response = &response;
    transfer.sink = request.sink;
    std::unique_ptr<std::FILE, FileCloser> source;
    if (request.body_file) {
        source = open_range(*request.body_file, what);
        transfer.source = source.get();
        transfer.source_left = request.body_file->length;
    }
    const std::string query = canonical_query(request.query);
    const std::string url = endpoint.base_url + request.path + (query.empty() ? "" : "?" + query);
    const auto headers = net::make_curl_headers(signed_headers(endpoint, request, unix_now), "blob store");
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "furrow-blobs/1");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, endpoint.stall_seconds);
    set_method(h, request, transfer, what);
    const CURLcode rc = curl_easy_perform(h);
    if (transfer.sink_failed)
        throw Error(ErrorCode::unavailable, fmt::format("blob store: {}: cannot write the local copy (disk full?)", what));
    if (rc != CURLE_OK)
        throw Error(ErrorCode::unavailable, fmt::format("blob store unavailable: {}: {}{}{}", what, curl_easy_strerror(rc),
                                                        error[0] ? ": " : "", error));
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

void check_status(const S3Response& response, const std::string& what) {
    if (is_success(response.status)) return;
    std::string code = xml_text(response.body, "Code");
    std::string detail = xml_text(response.body, "Message");
    const std::string text = fmt::format("HTTP {}{}{}{}{}", response.status, code.empty() ? "" : " ", code,
                                         detail.empty() ? "" : ": ", detail);
    if (response.status >= 500 || response.status == 429)
        throw Error(ErrorCode::unavailable, fmt::format("blob store unavailable: {}: {}", what, text));
    if (response.status == 404) throw Error(ErrorCode::not_found, fmt::format("blob store: {}: not found ({})", what, text));
    if (response.status == 403)
        throw Error(ErrorCode::internal,
                    fmt::format("blob store: {}: access denied ({}); check the S3 credentials and bucket policy", what, text));
    throw Error(ErrorCode::internal, fmt::format("blob store: {}: {}", what, text));
}

std::string xml_text(const std::string& xml, const std::string& tag) {
    const std::string open = "<" + tag + ">";
    const auto start = xml.find(open);
    if (start == std::string::npos) return "";
    const auto end = xml.find("</" + tag + ">", start);
    if (end == std::string::npos) return "";
    // The five predefined XML entities (S3 sends ETags as &quot;...&quot;).
    const std::string raw = xml.substr(start + open.size(), end - start - open.size());
    static const std::pair<std::string_view, char> entities[] = {
        {"&quot;", '"'}, {"&apos;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}};
    std::string out;
    for (std::size_t pos = 0; pos < raw.size(); ++pos) {
        const auto entity = std::find_if(std::begin(entities), std::end(entities),
                                         [&](const auto& e) { return std::string_view(raw).substr(pos).starts_with(e.first); });
        if (entity == std::end(entities)) {
            out += raw[pos];
        } else {
            out += entity->second;
            pos += entity->first.size() - 1;
        }
    }
    return out;
}

} // namespace furrow::store::s3
