// The curl client against our own server, both on one io_context.
#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <thread>

#include "net_test_support.h"

namespace gather {
namespace {

using testing::NetTest;

std::string gzip(const std::string& data) {
  z_stream z{};
  // 15 + 16: a gzip wrapper instead of zlib's, as a web server would send.
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

ServerResponse answer(int status, std::string body, Headers headers = {}) {
  return {.status = status, .headers = std::move(headers), .body = std::move(body), .truncate_at = {}};
}

TEST_F(NetTest, GetSendsHeadersAndReportsStatusHeadersBody) {
  handler_ = [](const ServerRequest& request, Responder respond) {
    respond(answer(201, "hello " + request.path, {{"X-Reply", "yes"}, {"Set-Cookie", "a=1"}}));
  };
  HttpRequest request;
  request.url = url("/a%20b?q=1");
  request.headers = {{"X-Test", "42"}, {"X-Empty", ""}};
  request.user_agent = "gather-test/1";
  request.cookie = "sid=secret; lang=en";
  auto response = fetch(request);

  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.error, "");
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.body, "hello /a b");
  EXPECT_EQ(response.header("x-reply"), "yes");
  EXPECT_EQ(response.header("Content-Length"), "10");
  EXPECT_EQ(response.effective_url, request.url);
  EXPECT_GE(response.elapsed.count(), 0);

  ASSERT_EQ(requests_.size(), 1u);
  const auto& seen = requests_[0];
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.query, "q=1");
  EXPECT_EQ(seen.header("X-Test"), "42");
  EXPECT_EQ(seen.header("X-Empty"), "");
  EXPECT_EQ(seen.header("User-Agent"), "gather-test/1");
  EXPECT_EQ(seen.header("Cookie"), "sid=secret; lang=en");
  EXPECT_EQ(seen.header("Expect"), std::nullopt);
  EXPECT_EQ(client_->in_flight(), 0u);
}

TEST_F(NetTest, PostBodyIsEchoed) {
  handler_ = [](const ServerRequest& request, Responder respond) {
    respond(answer(200, request.method + ":" + request.body,
                   {{"X-Type", request.header("Content-Type").value_or("")}}));
  };
  for (std::size_t size : {std::size_t{7}, std::size_t{3} << 20}) {
    HttpRequest request;
    request.method = "POST";
    request.url = url("/echo");
    request.body = std::string(size, 'p');
    request.headers = {{"Content-Type", "application/json"}};
    auto response = fetch(request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "POST:" + request.body);
    EXPECT_EQ(response.header("X-Type"), "application/json");
  }
}

TEST_F(NetTest, OtherMethodsAreSentAsIs) {
  handler_ = [](const ServerRequest& request, Responder respond) {
    respond(answer(200, request.method + ":" + request.body));
  };
  HttpRequest request;
  request.method = "PUT";
  request.url = url("/object");
  request.body = "content";
  EXPECT_EQ(fetch(request).body, "PUT:content");
  request.method = "DELETE";
  request.body.clear();
  EXPECT_EQ(fetch(request).body, "DELETE:");
}

TEST_F(NetTest, GzipBodyIsDecoded) {
  std::string original;
  for (int i = 0; i < 2000; ++i) original += "line " + std::to_string(i) + "\n";
  handler_ = [&](const ServerRequest& request, Responder respond) {
    bool gzip_ok = request.header("Accept-Encoding").value_or("").find("gzip") != std::string::npos;
    if (!gzip_ok) return respond(answer(406, "no gzip offered"));
    respond(answer(200, gzip(original), {{"Content-Encoding", "gzip"}}));
  };
  auto response = get("/feed");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, original);
}

TEST_F(NetTest, BodyCapCountsDecodedBytes) {
  std::string big(100'000, 'z');  // compresses to a few hundred bytes
  handler_ = [&](const ServerRequest&, Responder respond) {
    respond(answer(200, gzip(big), {{"Content-Encoding", "gzip"}}));
  };
  HttpRequest request;
  request.url = url("/bomb");
  request.max_body = 10'000;
  auto response = fetch(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error, "127.0.0.1: body exceeds 10000 bytes");
  EXPECT_FALSE(response.ok());
}

TEST_F(NetTest, BodyCapExceeded) {
  handler_ = [](const ServerRequest&, Responder respond) { respond(answer(200, std::string(5000, 'b'))); };
  HttpRequest request;
  request.url = url("/big");
  request.max_body = 4999;
  auto response = fetch(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("body exceeds 4999 bytes"), std::string::npos) << response.error;
  request.max_body = 5000;
  EXPECT_EQ(fetch(request).body.size(), 5000u);
}

TEST_F(NetTest, RedirectsAreFollowedAndOnlyFinalHeadersKept) {
  handler_ = [](const ServerRequest& request, Responder respond) {
    if (request.path == "/start")
      return respond(answer(302, "", {{"Location", "/middle"}, {"X-Hop", "start"}}));
    if (request.path == "/middle")
      return respond(answer(301, "", {{"Location", "/final?x=1"}, {"X-Hop", "middle"}}));
    respond(answer(200, "arrived", {{"X-Final", "1"}}));
  };
  auto response = get("/start");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "arrived");
  EXPECT_EQ(response.effective_url, url("/final?x=1"));
  EXPECT_EQ(response.header("X-Final"), "1");
  EXPECT_EQ(response.header("X-Hop"), std::nullopt);
  EXPECT_EQ(response.header("Location"), std::nullopt);
  EXPECT_EQ(requests_.size(), 3u);
}

// A credential's cookie must never reach a host a redirect names, and a redirect of a logged-in
// request is a signal in itself: such requests answer with the 3xx instead of following it.
TEST_F(NetTest, RequestsWithACookieDoNotFollowRedirects) {
  handler_ = [&](const ServerRequest& request, Responder respond) {
    if (request.path == "/start") return respond(answer(302, "", {{"Location", "http://localhost/login"}}));
    respond(answer(200, "done"));
  };
  HttpRequest request;
  request.url = url("/start");
  request.cookie = "SESSDATA=secret";
  auto response = fetch(request);
  EXPECT_EQ(response.status, 302) << response.error;
  EXPECT_EQ(response.header("Location"), "http://localhost/login");
  EXPECT_EQ(requests_.size(), 1u);
}

TEST_F(NetTest, RedirectLoopStopsAtMaxRedirects) {
  handler_ = [](const ServerRequest&, Responder respond) {
    respond(answer(302, "", {{"Location", "/loop"}}));
  };
  HttpRequest request;
  request.url = url("/loop");
  request.max_redirects = 3;
  auto response = fetch(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("redirect"), std::string::npos) << response.error;
  EXPECT_EQ(requests_.size(), 4u);  // the first request and three redirects
}

TEST_F(NetTest, ZeroMaxRedirectsReturnsTheRedirectItself) {
  handler_ = [](const ServerRequest&, Responder respond) {
    respond(answer(302, "", {{"Location", "/elsewhere"}}));
  };
  HttpRequest request;
  request.url = url("/here");
  request.max_redirects = 0;
  auto response = fetch(request);
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(response.header("Location"), "/elsewhere");
  EXPECT_EQ(requests_.size(), 1u);
}

TEST_F(NetTest, TimeoutWhenTheServerAnswersTooLate) {
  handler_ = [this](const ServerRequest&, Responder respond) { held_.push_back(std::move(respond)); };
  HttpRequest request;
  request.url = url("/slow");
  request.timeout = std::chrono::milliseconds(200);
  auto response = fetch(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("timed out"), std::string::npos) << response.error;
  EXPECT_GE(response.elapsed.count(), 200);
  // The late answer goes to a connection curl already closed.
  ASSERT_EQ(held_.size(), 1u);
  held_[0](answer(200, "too late"));
  io_.restart();
  io_.poll();
}

TEST_F(NetTest, TruncatedBodyIsAnError) {
  handler_ = [](const ServerRequest&, Responder respond) {
    respond({.status = 200, .headers = {}, .body = std::string(10'000, 't'), .truncate_at = 100});
  };
  auto response = get("/cut");
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.error.empty());
  EXPECT_EQ(response.body, "");
}

TEST_F(NetTest, ConnectionRefusedIsStatusZeroWithHost) {
  auto closed = start_http_server(io_, [](const ServerRequest&, Responder respond) { respond({}); });
  auto port = closed->port();
  closed.reset();
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  auto response = fetch(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error.rfind("127.0.0.1: ", 0), 0u) << response.error;
}

TEST_F(NetTest, ProxyReceivesTheAbsoluteUrl) {
  handler_ = [](const ServerRequest& request, Responder respond) {
    respond(answer(200, request.target + " " + request.path + " " + request.param("q").value_or("-")));
  };
  HttpRequest request;
  request.url = "http://platform.invalid/api/feed?q=a%20b";
  request.proxy = url("");
  auto response = fetch(request);
  EXPECT_EQ(response.status, 200) << response.error;
  EXPECT_EQ(response.body, "http://platform.invalid/api/feed?q=a%20b /api/feed a b");
  ASSERT_EQ(requests_.size(), 1u);
  EXPECT_EQ(requests_[0].header("Host"), "platform.invalid");
}

TEST_F(NetTest, LargeCookieHeaderIsAccepted) {
  handler_ = [](const ServerRequest& request, Responder respond) {
    respond(answer(200, std::to_string(request.header("Cookie").value_or("").size())));
  };
  HttpRequest request;
  request.url = url("/");
  request.cookie = "SESSDATA=" + std::string(20'000, 'c');
  EXPECT_EQ(fetch(request).body, std::to_string(request.cookie.size()));
}

TEST_F(NetTest, BadUrlIsAnErrorNotAThrow) {
  HttpRequest request;
  request.url = "ftp://127.0.0.1/file";  // only http and https are allowed
  auto response = fetch(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.error.empty());
}

TEST_F(NetTest, FiftyConcurrentRequestsAllComplete) {
  handler_ = [](const ServerRequest& request, Responder respond) { respond(answer(200, request.path)); };
  constexpr int kCount = 50;
  int completed = 0;
  for (int i = 0; i < kCount; ++i) {
    HttpRequest request;
    request.url = url("/n/" + std::to_string(i));
    client_->fetch(request, [&completed, i](HttpResponse response) {
      EXPECT_EQ(response.status, 200);
      EXPECT_EQ(response.body, "/n/" + std::to_string(i));
      ++completed;
    });
  }
  EXPECT_EQ(client_->in_flight(), static_cast<std::size_t>(kCount));
  ASSERT_TRUE(run_until([&] { return completed == kCount; }));
  EXPECT_EQ(client_->in_flight(), 0u);
}

TEST_F(NetTest, DestroyingTheClientWithRequestsInFlightIsClean) {
  client_ = make_curl_client(io_, {.max_connections_per_host = 16, .max_total_connections = 16});
  handler_ = [this](const ServerRequest&, Responder respond) { held_.push_back(std::move(respond)); };
  int callbacks = 0;
  for (int i = 0; i < 10; ++i) {
    HttpRequest request;
    request.url = url("/hang/" + std::to_string(i));
    client_->fetch(request, [&](HttpResponse) { ++callbacks; });
  }
  ASSERT_TRUE(run_until([&] { return held_.size() == 10; }));
  client_.reset();
  for (auto& respond : held_) respond(answer(200, "nobody listens"));
  io_.restart();
  io_.poll();
  EXPECT_EQ(callbacks, 0);
}

TEST_F(NetTest, DestroyingTheClientFromItsOwnCallbackIsClean) {
  handler_ = [](const ServerRequest&, Responder respond) { respond(answer(200, "x")); };
  int callbacks = 0;
  for (int i = 0; i < 5; ++i) {
    HttpRequest request;
    request.url = url("/");
    client_->fetch(request, [&](HttpResponse) {
      ++callbacks;
      client_.reset();
    });
  }
  ASSERT_TRUE(run_until([&] { return callbacks > 0; }));
  io_.restart();
  io_.poll();
  EXPECT_EQ(callbacks, 1);
}

TEST_F(NetTest, ConditionalGetHeadersPassThroughAnd304IsReported) {
  handler_ = [](const ServerRequest& request, Responder respond) {
    if (request.header("If-None-Match") == "\"v1\"" &&
        request.header("If-Modified-Since") == "Wed, 21 Oct 2015 07:28:00 GMT")
      return respond(answer(304, "", {{"ETag", "\"v1\""}}));
    respond(answer(200, "fresh", {{"ETag", "\"v1\""}}));
  };
  HttpRequest request;
  request.url = url("/feed.xml");
  request.headers = {{"If-None-Match", "\"v1\""}, {"If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT"}};
  auto response = fetch(request);
  EXPECT_EQ(response.status, 304);
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(response.header("ETag"), "\"v1\"");
  EXPECT_FALSE(response.ok());
}

TEST_F(NetTest, CallbackMayStartTheNextRequest) {
  handler_ = [](const ServerRequest& request, Responder respond) { respond(answer(200, request.path)); };
  std::vector<std::string> bodies;
  std::function<void(HttpResponse)> next = [&](HttpResponse response) {
    bodies.push_back(response.body);
    if (bodies.size() < 3) {
      HttpRequest request;
      request.url = url("/" + std::to_string(bodies.size()));
      client_->fetch(request, next);
    }
  };
  HttpRequest first;
  first.url = url("/0");
  client_->fetch(first, next);
  ASSERT_TRUE(run_until([&] { return bodies.size() == 3; }));
  EXPECT_EQ(bodies, (std::vector<std::string>{"/0", "/1", "/2"}));
}

TEST(FetchBlocking, RunsOneRequestOnAPrivateLoop) {
  boost::asio::io_context server_io;
  auto guard = boost::asio::make_work_guard(server_io);
  auto server = start_http_server(server_io, [](const ServerRequest& request, Responder respond) {
    respond(answer(200, "blocking " + request.path));
  });
  std::thread thread([&] { server_io.run(); });
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/x";
  auto response = fetch_blocking(request);
  std::promise<void> stopped;
  boost::asio::post(server_io, [&] {
    server->stop();
    stopped.set_value();
  });
  stopped.get_future().wait();
  guard.reset();
  thread.join();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "blocking /x");
}

}  // namespace
}  // namespace gather
