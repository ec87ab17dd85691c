// The server seen from a raw socket, byte for byte: framing, keep-alive, limits, truncation.
// The server runs on its own thread so the test can use plain blocking sockets.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <future>
#include <mutex>
#include <thread>

#include "net/http_server.h"

namespace gather {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

class ServerThread {
 public:
  explicit ServerThread(Handler handler) : guard_(asio::make_work_guard(io_)) {
    server_ = start_http_server(io_, std::move(handler));
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerThread() {
    stop();
    guard_.reset();
    thread_.join();
    server_.reset();
  }
  void stop() {
    std::promise<void> stopped;
    asio::post(io_, [&] {
      server_->stop();
      stopped.set_value();
    });
    stopped.get_future().wait();
  }
  // Runs `f` on the server's thread and waits for it.
  void on_server(std::function<void()> f) {
    std::promise<void> ran;
    asio::post(io_, [&] {
      f();
      ran.set_value();
    });
    ran.get_future().wait();
  }
  std::uint16_t port() const { return server_->port(); }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

tcp::socket connect_to(asio::io_context& io, std::uint16_t port) {
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  return socket;
}

std::string read_to_end(tcp::socket& socket) {
  std::string data;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(data), ec);
  EXPECT_EQ(ec, asio::error::eof);
  return data;
}

TEST(HttpServer, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::mutex mutex;
  std::vector<ServerRequest> seen;
  ServerThread server([&](const ServerRequest& request, Responder respond) {
    {
      std::lock_guard lock(mutex);
      seen.push_back(request);
    }
    respond({.status = 200, .headers = {{"X-Path", request.path}}, .body = "body of " + request.path,
             .truncate_at = {}});
  });
  asio::io_context io;
  auto socket = connect_to(io, server.port());
  boost::beast::flat_buffer buffer;
  for (std::string path : {"/one%20two?x=1&y=%41", "/second"}) {
    http::request<http::string_body> request{http::verb::post, path, 11};
    request.set(http::field::host, "localhost");
    request.set("X-Mixed-Case", "v");
    request.body() = "hello";
    request.prepare_payload();
    http::write(socket, request);
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_TRUE(response.keep_alive());
    EXPECT_EQ(response[http::field::content_length], std::to_string(response.body().size()));
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/one%20two?x=1&y=%41");
  EXPECT_EQ(seen[0].path, "/one two");
  EXPECT_EQ(seen[0].query, "x=1&y=%41");
  EXPECT_EQ(seen[0].param("y"), "A");
  EXPECT_EQ(seen[0].body, "hello");
  EXPECT_EQ(seen[0].header("x-mixed-case"), "v");
  EXPECT_EQ(seen[1].path, "/second");
  EXPECT_EQ(seen[1].query, "");
}

TEST(HttpServer, OversizedBodyIsAnswered413) {
  bool called = false;
  ServerThread server([&](const ServerRequest&, Responder respond) {
    called = true;
    respond({});
  });
  asio::io_context io;
  auto socket = connect_to(io, server.port());
  asio::write(socket, asio::buffer(std::string(
                          "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n")));
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_FALSE(response.keep_alive());
  server.on_server([&] { EXPECT_FALSE(called); });
}

TEST(HttpServer, MalformedRequestIsAnswered400) {
  ServerThread server([](const ServerRequest&, Responder respond) { respond({}); });
  asio::io_context io;
  auto socket = connect_to(io, server.port());
  asio::write(socket, asio::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
  std::string reply = read_to_end(socket);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
}

TEST(HttpServer, HeadAnnouncesLengthWithoutBody) {
  ServerThread server([](const ServerRequest&, Responder respond) {
    respond({.status = 200, .headers = {}, .body = "twelve bytes", .truncate_at = {}});
  });
  asio::io_context io;
  auto socket = connect_to(io, server.port());
  asio::write(socket, asio::buffer(std::string("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
  std::string reply = read_to_end(socket);
  EXPECT_NE(reply.find("Content-Length: 12\r\n"), std::string::npos) << reply;
  EXPECT_EQ(reply.substr(reply.size() - 4), "\r\n\r\n") << reply;
}

TEST(HttpServer, TruncateAtPromisesFullLengthAndSendsPrefix) {
  ServerThread server([](const ServerRequest&, Responder respond) {
    respond({.status = 200, .headers = {}, .body = std::string(1000, 'x'), .truncate_at = 100});
  });
  asio::io_context io;
  auto socket = connect_to(io, server.port());
  asio::write(socket, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
  std::string reply = read_to_end(socket);
  auto head_end = reply.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_NE(reply.find("Content-Length: 1000\r\n"), std::string::npos) << reply;
  EXPECT_EQ(reply.size() - head_end - 4, 100u);
}

TEST(HttpServer, StopClosesOpenConnectionsAndLateAnswersAreHarmless) {
  std::vector<Responder> held;
  std::promise<void> arrived;
  ServerThread server([&](const ServerRequest&, Responder respond) {
    held.push_back(std::move(respond));
    arrived.set_value();
  });
  asio::io_context io;
  auto socket = connect_to(io, server.port());
  asio::write(socket, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
  // Wait until the handler holds the request, then stop with the answer still owed.
  arrived.get_future().wait();
  server.stop();
  std::string reply = read_to_end(socket);
  EXPECT_EQ(reply, "");
  server.on_server([&] {
    held[0]({});
    held[0]({});  // twice, and after stop: both ignored
    held.clear();
  });
}

TEST(HttpServer, ThrowsWhenThePortIsTaken) {
  ServerThread first([](const ServerRequest&, Responder respond) { respond({}); });
  asio::io_context io;
  EXPECT_THROW(start_http_server(io, [](const ServerRequest&, Responder) {}, "127.0.0.1", first.port()),
               std::system_error);
  EXPECT_THROW(start_http_server(io, [](const ServerRequest&, Responder) {}, "not-an-ip", 0),
               std::system_error);
}

}  // namespace
}  // namespace gather
