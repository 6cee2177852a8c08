#include "api/http_server.hpp"

#include "api/byte_range.hpp"
#include "api/problem.hpp"
#include "api/request_reader.hpp"
#include "api/upload_spool.hpp"
#include "auth/jwt.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/strings.hpp"

#include <boost/asio.hpp>
#include <fmt/format.h>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <thread>

namespace furrow::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto idle_timeout = std::chrono::seconds(60);
constexpr std::size_t header_limit = 64 * 1024;
constexpr std::int64_t multipart_overhead = 64 * 1024; // boundaries and part headers around the zip
constexpr std::size_t linger_max_bytes = 64 << 20;
constexpr auto linger_timeout = std::chrono::seconds(5);
constexpr std::size_t chunk_size = 64 * 1024;
constexpr std::size_t upload_chunk_size = 1 << 20; // fewer reads, timer resets and fwrite calls per GB
constexpr int handler_nice = 5;                     // handler threads' niceness above the I/O threads

using Parser = http::request_parser<http::buffer_body>;
auto tokened(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

struct Exchange {
    Response response;
    std::filesystem::path staged; // removed after the exchange whatever happened
    bool body_read = false;       // the body was consumed outside Beast's parser
    std::string range;            // the Range header of a GET, for file responses
    std::string route = "unmatched"; // the route pattern, the metrics' label (never the raw path)
    bool close = false;              // the request's body cannot be framed: no further request on this connection
};

// RFC 9112 §6.1: a transfer coding the server does not understand is answered 501, and since the body's
// end is then unknown (a Content-Length beside it must not be trusted, §6.3), the connection is closed.
std::optional<Response> refuse_transfer_coding(const Request& req) {
    const std::string coding = trim(req.header("transfer-encoding"));
    if (coding.empty() || iequals(coding, "chunked")) return std::nullopt;
    return problem(501, fmt::format("Transfer-Encoding '{}' is not supported (only chunked)", coding.substr(0, 100)),
                   req.path);
}

// Counted after the response is written, so the duration includes sending it.
void count_request(const std::string& method, const Exchange& ex, std::chrono::steady_clock::time_point started) {
    auto& registry = metrics::process_registry();
    const metrics::Labels labels = {{"method", method}, {"route", ex.route}};
    metrics::Labels with_status = labels;
    with_status.emplace_back("status", std::to_string(ex.response.status));
    registry.add("furrow_http_requests_total", "HTTP requests answered, by route pattern and status.", with_status);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    registry.observe("furrow_http_request_duration_seconds", "Time from request headers read to response written.",
                     labels, took.count());
}

std::optional<std::string> query_value(const Request& req, std::string_view name) {
    for (const auto& [key, value] : req.query)
        if (key == name) return value;
    return std::nullopt;
}

// A signed download link (?token=...) opens only the paths under its scope, and only on routes
// that serve stored outputs; an API token is never accepted in the query (it would end up in logs).
void authenticate_link(Request& req, const std::string& secret, const std::string& token) {
    const auto claims = auth::verify_token(token, secret, now_ms());
    if (!claims || claims->scope.empty()) throw Error(ErrorCode::unauthorized, "invalid or expired download link");
    const auto& scope = claims->scope;
    const bool inside = req.path.size() > scope.size() && req.path.compare(0, scope.size(), scope) == 0 &&
                        req.path[scope.size()] == '/';
    if (!inside) throw Error(ErrorCode::unauthorized, "this download link does not open this path");
    req.caller = Caller{claims->owner_id, claims->subject, claims->generation};
}

// Signature, expiry and scope: arithmetic only, so it runs on the I/O thread. Whether the token was
// revoked since is asked of the store, on the handler pool (HttpServer::Impl::refuse_revoked).
void authenticate(Request& req, const std::string& secret, bool accepts_link) {
    const std::string header = req.header("authorization");
    if (header.empty() && accepts_link)
        if (const auto token = query_value(req, "token")) return authenticate_link(req, secret, *token);
    constexpr std::string_view scheme = "Bearer ";
    if (header.size() <= scheme.size() || !iequals(std::string_view(header).substr(0, scheme.size()), scheme))
        throw Error(ErrorCode::unauthorized, "missing bearer token (Authorization: Bearer <id_token>)");
    const auto claims = auth::verify_token(trim(header.substr(scheme.size())), secret, now_ms());
    if (!claims || !claims->scope.empty()) throw Error(ErrorCode::unauthorized, "invalid or expired token");
    req.caller = Caller{claims->owner_id, claims->subject, claims->generation};
}

// A Range past the end of a stored file is answered 416 with the file's size (RFC 9110 §15.5.17).
void refuse_unsatisfiable_range(Exchange& ex, const std::string& path) {
    if (ex.response.file.empty() || ex.range.empty()) return;
    std::error_code ec;
    const auto size = std::filesystem::file_size(ex.response.file, ec);
    if (ec || parse_byte_range(ex.range, size).kind != ByteRange::Kind::unsatisfiable) return;
    ex.response = problem(416, fmt::format("range not satisfiable: the file has {} bytes", size), path);
    ex.response.headers.emplace_back("Content-Range", fmt::format("bytes */{}", size));
}

// Leaf: "append .aux.xml to the png url" to get its GIS sidecar. On a signed link the URL ends in
// the token, so the suffix lands there; move it back onto the path.
void move_sidecar_suffix(Request& req) {
    constexpr std::string_view suffix = ".aux.xml";
    for (auto& [key, value] : req.query) {
        if (key != "token" || value.size() <= suffix.size() || !value.ends_with(suffix)) continue;
        value.resize(value.size() - suffix.size());
        req.path += suffix;
    }
}

// Over the header limit: if the request line itself did not end within it (Beast fills in the target
// once the line is complete), the URL is what is too long (414, RFC 9110 §15.5.15), else the header
// fields are (431, RFC 6585 §5).
Response header_too_large(const Parser& parser) {
    if (parser.get().target().empty())
        return problem(414, fmt::format("request target (URL) longer than the limit of {} bytes", header_limit), "");
    return problem(431, fmt::format("request header fields larger than the limit of {} bytes", header_limit), "");
}

template <typename Body>
void fill_headers(http::response<Body>& res, const Response& r, bool keep_alive) {
    res.set(http::field::server, "furrow");
    if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res.insert(name, value);
    res.keep_alive(keep_alive);
    res.prepare_payload();
}

} // namespace

struct HttpServer::Impl {
    const Router& router;
    ServerOptions options;
    asio::io_context ioc;
    // The io_context runs on several threads, so anything that closes a socket while another handler may start
    // an operation on it shares a strand with it: the acceptor with stop(), a session with its stream's timer.
    tcp::acceptor acceptor{asio::make_strand(ioc)};
    // Handlers run here, on threads of their own (see http_server.hpp), started by run().
    asio::io_context handlers;
    asio::executor_work_guard<asio::io_context::executor_type> handlers_work{handlers.get_executor()};

    Impl(const Router& r, ServerOptions o) : router(r), options(std::move(o)) {}

    asio::awaitable<Response> call_handler(const Route& route, Request& req);
    void refuse_revoked(const Request& req) const;

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> session(tcp::socket socket);
    asio::awaitable<Exchange> exchange(beast::tcp_stream& stream, beast::flat_buffer& buffer, Parser& parser);
    asio::awaitable<void> read_small_body(beast::tcp_stream& stream, beast::flat_buffer& buffer, Parser& parser,
                                          Request& req);
    asio::awaitable<void> read_upload(beast::tcp_stream& stream, beast::flat_buffer& buffer, Parser& parser,
                                      Request& req, Exchange& ex);
    asio::awaitable<void> write(beast::tcp_stream& stream, const Response& r, bool keep_alive,
                                const std::string& range = {});
    asio::awaitable<bool> write_file(beast::tcp_stream& stream, const Response& r, bool keep_alive,
                                     const std::string& range);
    asio::awaitable<void> linger(beast::tcp_stream& stream);
};

asio::awaitable<void> HttpServer::Impl::accept_loop() {
    while (acceptor.is_open()) {
        beast::error_code ec;
        tcp::socket socket(asio::make_strand(ioc));
        co_await acceptor.async_accept(socket, tokened(ec));
        if (ec) continue;
        socket.set_option(tcp::no_delay(true), ec);
        const auto executor = socket.get_executor();
        asio::co_spawn(executor, session(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> HttpServer::Impl::session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        Parser parser;
        parser.header_limit(header_limit);
        // Large enough for an upload; JSON bodies get their own, smaller cap in read_small_body.
        parser.body_limit(static_cast<std::uint64_t>(options.max_upload_bytes + multipart_overhead));
        beast::error_code ec;
        stream.expires_after(idle_timeout);
        co_await http::async_read_header(stream, buffer, parser, tokened(ec));
        if (ec) {
            if (ec == http::error::body_limit)
                co_await write(stream, problem(413, "upload larger than the limit", "", "file"), false);
            else if (ec == http::error::header_limit)
                co_await write(stream, header_too_large(parser), false);
            else if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
                     ec != http::error::end_of_stream)
                co_await write(stream, problem(400, "malformed HTTP request: " + ec.message(), ""), false);
            if (ec != http::error::end_of_stream && !(ec == asio::error::operation_aborted)) co_await linger(stream);
            break;
        }
        const auto started = std::chrono::steady_clock::now();
        Exchange ex = co_await exchange(stream, buffer, parser);
        std::error_code remove_ec;
        if (!ex.staged.empty()) std::filesystem::remove(ex.staged, remove_ec);
        // A body we did not read to the end makes the connection unusable for another request.
        const bool body_done = parser.is_done() || ex.body_read;
        const bool keep_alive = body_done && !ex.close && parser.get().keep_alive();
        co_await write(stream, ex.response, keep_alive, ex.range);
        const bool known_verb = parser.get().method() != http::verb::unknown;
        count_request(known_verb ? std::string(parser.get().method_string()) : "other", ex, started);
        if (!body_done || ex.close) co_await linger(stream);
        if (!keep_alive) break;
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<Exchange> HttpServer::Impl::exchange(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                     Parser& parser) {
    Exchange ex;
    Request req;
    std::optional<Error> failure;
    try {
        req.method = std::string(parser.get().method_string());
        const auto target = parser.get().target();
        parse_target(std::string_view(target.data(), target.size()), req);
        copy_headers(parser.get().base(), req);
        if (auto refused = refuse_transfer_coding(req)) {
            ex.response = std::move(*refused);
            ex.close = true;
            co_return ex;
        }
        req.base_url = options.public_url;
        move_sidecar_suffix(req);
        const auto match = router.match(req.method, req.path);
        if (!match.route) {
            ex.response = problem(match.path_known ? 405 : 404,
                                  match.path_known ? "method not allowed here" : "no such endpoint", req.path);
            co_return ex;
        }
        req.path_params = match.params;
        ex.route = match.route->pattern;
        if (req.method == "GET") ex.range = req.header("range");
        const Route& route = *match.route;
        if (route.options.accepts_upload) {
            if (!route.options.public_route) {
                authenticate(req, options.jwt_secret, false);
                co_await asio::co_spawn(
                    handlers, [&]() -> asio::awaitable<void> { refuse_revoked(req); co_return; }, asio::use_awaitable);
            }
            if (route.options.precheck) route.options.precheck(req);
            co_await read_upload(stream, buffer, parser, req, ex);
        } else {
            co_await read_small_body(stream, buffer, parser, req);
            if (!route.options.public_route) authenticate(req, options.jwt_secret, route.options.accepts_link_token);
        }
        ex.response = co_await call_handler(route, req);
        refuse_unsatisfiable_range(ex, req.path);
    } catch (const Error& e) {
        failure = e;
    } catch (const std::exception& e) {
        log::error("{} {}: {}", req.method, req.path, e.what());
        failure = Error(ErrorCode::internal, e.what());
    }
    if (failure) {
        if (http_status_of(failure->code()) >= 500) log::error("{} {}: {}", req.method, req.path, failure->what());
        ex.response = problem_from(*failure, req.path);
    }
    co_return ex;
}

// The handler runs on the pool; this coroutine resumes on its connection's strand with the answer
// (or the handler's exception) once it is done. The revocation check of a non-upload route runs
// there too, just before the handler: it reads the store, which the I/O threads never wait on.
asio::awaitable<Response> HttpServer::Impl::call_handler(const Route& route, Request& req) {
    const bool check_token = !route.options.public_route && !route.options.accepts_upload;
    const auto run = [&] {
        if (check_token) refuse_revoked(req);
        return route.handler(req);
    };
    if (route.options.runs_inline) co_return run();
    co_return co_await asio::co_spawn(handlers, [&]() -> asio::awaitable<Response> { co_return run(); },
                                      asio::use_awaitable);
}

void HttpServer::Impl::refuse_revoked(const Request& req) const {
    if (!options.token_is_current)
        throw Error(ErrorCode::internal, "http: no token store configured for an authenticated route");
    if (!options.token_is_current(req.caller.owner_id, req.caller.token_generation))
        throw Error(ErrorCode::unauthorized, "token revoked (password changed or tokens revoked): authenticate again");
}

asio::awaitable<void> HttpServer::Impl::read_small_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                        Parser& parser, Request& req) {
    if (const auto length = parser.content_length(); length && *length > static_cast<std::uint64_t>(options.max_json_bytes))
        throw Error(ErrorCode::too_large, "body: larger than the limit for JSON bodies");
    std::vector<char> chunk(chunk_size);
    while (!parser.is_done()) {
        parser.get().body().data = chunk.data();
        parser.get().body().size = chunk.size();
        beast::error_code ec;
        stream.expires_after(idle_timeout);
        co_await http::async_read(stream, buffer, parser, tokened(ec));
        if (ec == http::error::need_buffer) ec = {};
        if (ec) throw Error(ErrorCode::invalid_input, "body: " + ec.message());
        req.body.append(chunk.data(), chunk.size() - parser.get().body().size);
        if (req.body.size() > static_cast<std::size_t>(options.max_json_bytes))
            throw Error(ErrorCode::too_large, "body: larger than the limit for JSON bodies");
    }
}

asio::awaitable<void> HttpServer::Impl::read_upload(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                    Parser& parser, Request& req, Exchange& ex) {
    UploadSpool spool(req.header("content-type"), options.staging_dir, options.max_upload_bytes);
    ex.staged = spool.path();
    if (iequals(req.header("expect"), "100-continue")) {
        http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
        beast::error_code ec;
        co_await http::async_write(stream, go_on, tokened(ec));
    }
    std::vector<char> chunk(upload_chunk_size);
    if (const auto length = parser.content_length()) {
        // A known length is read straight from the socket in large reads: through Beast's parser
        // every 64 KiB costs a parse step and a timer reset (60 MB/s instead of disk speed).
        std::uint64_t remaining = *length;
        const auto buffered = std::min<std::uint64_t>(buffer.size(), remaining);
        spool.feed(static_cast<const char*>(buffer.data().data()), buffered);
        buffer.consume(buffered);
        remaining -= buffered;
        while (remaining > 0) {
            beast::error_code ec;
            stream.expires_after(idle_timeout);
            const auto want = std::min<std::uint64_t>(chunk.size(), remaining);
            const auto got = co_await stream.async_read_some(asio::buffer(chunk.data(), want), tokened(ec));
            if (ec) throw Error(ErrorCode::invalid_input, "body: upload interrupted: " + ec.message());
            spool.feed(chunk.data(), got);
            remaining -= got;
        }
        ex.body_read = true;
        spool.finish(req);
        co_return;
    }
    while (!parser.is_done()) {
        parser.get().body().data = chunk.data();
        parser.get().body().size = chunk.size();
        beast::error_code ec;
        stream.expires_after(idle_timeout);
        co_await http::async_read(stream, buffer, parser, tokened(ec));
        if (ec == http::error::need_buffer) ec = {};
        if (ec == http::error::body_limit) throw Error(ErrorCode::too_large, "file", "file: upload larger than the limit");
        if (ec) throw Error(ErrorCode::invalid_input, "body: upload interrupted: " + ec.message());
        spool.feed(chunk.data(), chunk.size() - parser.get().body().size);
    }
    spool.finish(req);
}

asio::awaitable<void> HttpServer::Impl::write(beast::tcp_stream& stream, const Response& r, bool keep_alive,
                                             const std::string& range) {
    beast::error_code ec;
    stream.expires_after(idle_timeout);
    if (!r.file.empty() && co_await write_file(stream, r, keep_alive, range)) co_return;
    const Response& shown = r.file.empty() ? r : problem(500, "stored output is unreadable", "");
    http::response<http::string_body> res{static_cast<http::status>(shown.status), 11};
    res.body() = shown.body;
    try {
        fill_headers(res, shown, keep_alive);
    } catch (const std::exception& e) { // a header Beast cannot hold: answer 500 instead of dropping the connection
        log::error("cannot send a {} response: {}", shown.status, e.what());
        const Response failed = problem(500, "the response could not be sent", "");
        res = {http::status::internal_server_error, 11};
        res.body() = failed.body;
        fill_headers(res, failed, false);
    }
    co_await http::async_write(stream, res, tokened(ec));
}

// Streams a stored file (or the one byte range asked for) in chunks, so a download of any size
// costs one chunk of memory. Returns false, having sent nothing, when the file cannot be opened.
asio::awaitable<bool> HttpServer::Impl::write_file(beast::tcp_stream& stream, const Response& r, bool keep_alive,
                                                   const std::string& range) {
    beast::error_code ec;
    beast::file file;
    file.open(r.file.c_str(), beast::file_mode::scan, ec);
    const std::uint64_t size = ec ? 0 : file.size(ec);
    if (ec) {
        log::error("cannot open {} for download: {}", r.file.string(), ec.message());
        co_return false;
    }
    auto part = parse_byte_range(range, size);
    if (part.kind == ByteRange::Kind::unsatisfiable) part = {ByteRange::Kind::whole, 0, size}; // refused earlier
    http::response<http::buffer_body> res{static_cast<http::status>(r.status), 11};
    res.set(http::field::server, "furrow");
    res.set(http::field::content_type, r.content_type);
    res.set(http::field::accept_ranges, "bytes");
    for (const auto& [name, value] : r.headers) res.insert(name, value);
    if (part.kind == ByteRange::Kind::part) {
        res.result(http::status::partial_content);
        res.set(http::field::content_range, fmt::format("bytes {}-{}/{}", part.first, part.first + part.length - 1, size));
        file.seek(part.first, ec);
    }
    res.keep_alive(keep_alive);
    res.content_length(part.length);
    res.body().data = nullptr;
    res.body().more = true;
    http::response_serializer<http::buffer_body> serializer{res};
    co_await http::async_write_header(stream, serializer, tokened(ec));
    std::vector<char> chunk(chunk_size);
    std::uint64_t remaining = part.length;
    while (!ec && remaining > 0) {
        const auto got = file.read(chunk.data(), std::min<std::uint64_t>(chunk.size(), remaining), ec);
        if (ec || got == 0) break; // the connection is closed below: a short body cannot be mistaken for whole
        remaining -= got;
        res.body().data = chunk.data();
        res.body().size = got;
        res.body().more = remaining > 0;
        stream.expires_after(idle_timeout);
        co_await http::async_write(stream, serializer, tokened(ec));
        if (ec == http::error::need_buffer) ec = {};
    }
    if (remaining > 0) {
        log::error("download of {} cut short: {}", r.file.string(), ec ? ec.message() : "file shrank");
        stream.socket().close(ec);
    }
    co_return true;
}

// After refusing a body, read and drop what the client still sends for a moment, so it gets to
// read our answer instead of a connection reset.
asio::awaitable<void> HttpServer::Impl::linger(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::vector<char> sink(chunk_size);
    std::size_t drained = 0;
    stream.expires_after(linger_timeout);
    while (!ec && drained < linger_max_bytes)
        drained += co_await stream.async_read_some(asio::buffer(sink), tokened(ec));
}

HttpServer::HttpServer(const Router& router, ServerOptions options)
    : m_impl(std::make_unique<Impl>(router, std::move(options))) {}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::listen(const std::string& host, std::uint16_t port) {
    const tcp::endpoint endpoint(asio::ip::make_address(host), port);
    auto& acceptor = m_impl->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    return acceptor.local_endpoint().port();
}

void HttpServer::set_public_url(std::string url) { m_impl->options.public_url = std::move(url); }

void HttpServer::run(bool handle_signals) {
    asio::signal_set signals(m_impl->ioc);
    if (handle_signals) {
        signals.add(SIGINT);
        signals.add(SIGTERM);
        signals.async_wait([this](const beast::error_code& ec, int) {
            if (!ec) stop();
        });
    }
    asio::co_spawn(m_impl->acceptor.get_executor(), m_impl->accept_loop(), asio::detached);
    std::vector<std::thread> handler_threads;
    for (int thread_idx = 0; thread_idx < std::max(1, m_impl->options.handler_threads); ++thread_idx)
        handler_threads.emplace_back([this] {
            // Below the I/O threads: when the CPU is short, reading requests and answering the liveness
            // probe go first, building big answers waits (Linux nice values are per thread).
            ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), handler_nice);
            m_impl->handlers.run();
        });
    std::vector<std::thread> threads;
    for (int thread_idx = 1; thread_idx < m_impl->options.threads; ++thread_idx)
        threads.emplace_back([this] { m_impl->ioc.run(); });
    m_impl->ioc.run();
    for (auto& t : threads) t.join();
    m_impl->handlers_work.reset(); // handlers still running finish; their answers have nowhere to go
    m_impl->handlers.stop();
    for (auto& t : handler_threads) t.join();
}

void HttpServer::stop() {
    asio::post(m_impl->acceptor.get_executor(), [this] {
        beast::error_code ec;
        m_impl->acceptor.close(ec);
        m_impl->ioc.stop();
    });
}

} // namespace furrow::api
