// A server and a client on one io_context, and a way to run the loop until something happened
// without sleeping. The deadline only turns a bug into a failure instead of a hang.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/http_client.h"
#include "net/http_server.h"

namespace gather::testing {

class NetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = start_http_server(io_, [this](const ServerRequest& request, Responder respond) {
      requests_.push_back(request);
      handler_(request, std::move(respond));
    });
    client_ = make_curl_client(io_);
  }

  void TearDown() override {
    client_.reset();
    held_.clear();
    if (server_) server_->stop();
    server_.reset();
    // Let every cancelled handler run now, while the test still watches (ASan, UBSan).
    io_.restart();
    io_.run_for(std::chrono::seconds(5));
    EXPECT_TRUE(io_.stopped()) << "work left on the io_context after teardown";
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }

  // Runs the loop until `done()` or the deadline.
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds limit = std::chrono::seconds(15)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    io_.restart();
    while (!done()) {
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return false;
      io_.run_one_for(deadline - now);
    }
    return true;
  }

  HttpResponse fetch(HttpRequest request) {
    std::optional<HttpResponse> result;
    client_->fetch(std::move(request), [&](HttpResponse response) { result = std::move(response); });
    EXPECT_TRUE(run_until([&] { return result.has_value(); })) << "no answer";
    return result.value_or(HttpResponse{});
  }

  HttpResponse get(const std::string& path) {
    HttpRequest request;
    request.url = url(path);
    request.timeout = std::chrono::seconds(10);
    return fetch(std::move(request));
  }

  boost::asio::io_context io_;
  std::vector<ServerRequest> requests_;
  std::vector<Responder> held_;  // answers a test postpones
  Handler handler_ = [](const ServerRequest&, Responder respond) { respond({}); };
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace gather::testing
