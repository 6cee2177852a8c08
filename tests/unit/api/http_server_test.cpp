#include "api/http_server.hpp"

#include <boost/asio.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace furrow::api {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// One request on a fresh connection; true when an HTTP status line came back.
bool ask(std::uint16_t port) {
    try {
        asio::io_context ioc;
        tcp::socket socket(ioc);
        socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        const std::string request = "GET /nothing-here HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
        asio::write(socket, asio::buffer(request));
        std::string answer;
        boost::system::error_code ec;
        asio::read(socket, asio::dynamic_buffer(answer), ec);
        return answer.rfind("HTTP/1.1 404", 0) == 0;
    } catch (const std::exception&) {
        return false; // refused or reset once the server has stopped
    }
}

} // namespace

// stop() closes the acceptor while other I/O threads are accepting and serving connections.
// Asio forbids closing a socket while another thread starts an operation on it; under
// UBSan that race showed up as a null descriptor in epoll_reactor::start_op on SIGTERM.
TEST(HttpServer, stops_cleanly_while_connections_arrive) {
    const Router router;
    ServerOptions options;
    options.threads = 8;
    int answered = 0;
    for (int round = 0; round < 120; ++round) {
        auto server = std::make_unique<HttpServer>(router, options);
        const auto port = server->listen("127.0.0.1", 0);
        std::thread serving([&server] { server->run(false); });
        std::atomic<bool> done{false};
        std::atomic<int> answers{0};
        std::vector<std::thread> clients;
        for (int c = 0; c < 4; ++c)
            clients.emplace_back([&] {
                while (!done)
                    if (ask(port)) ++answers;
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(5 + round % 7));
        server->stop();
        serving.join(); // run() returns: the test would hang here if stop() were lost
        server.reset();  // closes the connections accepted but not yet served, so their clients see EOF
        done = true;
        for (auto& c : clients) c.join();
        answered += answers;
    }
    EXPECT_GT(answered, 0);
}

} // namespace furrow::api
