#include "deliver/webhook/webhook_sink.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/digest.h"
#include "net/http_client.h"
#include "net/http_server.h"

using namespace gather;

namespace {

class WebhookSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = start_http_server(io_, [this](const ServerRequest& req, Responder respond) {
      requests_.push_back(req);
      ServerResponse r;
      r.status = statuses_.empty() ? 200 : statuses_.front();
      if (!statuses_.empty()) statuses_.erase(statuses_.begin());
      if (r.status == 429) r.headers.emplace_back("Retry-After", "7");
      respond(r);
    });
    subscription_.id = 3;
    subscription_.subscriber.kind = "webhook";
    subscription_.subscriber.address = "http://127.0.0.1:" + std::to_string(server_->port()) + "/hook";
    subscription_.subscriber.secret = "s3cret";
  }

  DeliveryResult deliver() {
    auto sink = make_sink(subscription_.subscriber, context_);
    OutboxEntry entry;
    entry.subscription_id = 3;
    entry.post_id = "p1";
    std::string message = R"({"subscription":3,"target":1,"post":{"id":"p1"}})";
    std::optional<DeliveryResult> result;
    sink->deliver(Delivery{entry, subscription_, message, "idem-1", target_, post_, rendered_}, [&](DeliveryResult r) { result = r; });
    io_.restart();
    while (!result && io_.run_one()) {
    }
    return *result;
  }

  boost::asio::io_context io_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<HttpClient> http_ = make_curl_client(io_);
  SystemClock clock_;
  SinkContext context_{io_, *http_, clock_, "gather-test"};
  Subscription subscription_;
  Target target_;
  Post post_;
  RenderedMessage rendered_;
  std::vector<ServerRequest> requests_;
  std::vector<int> statuses_;
};

TEST_F(WebhookSinkTest, PostsSignedJsonWithAnIdempotencyKey) {
  auto r = deliver();
  EXPECT_TRUE(r.ok) << r.error;
  ASSERT_EQ(requests_.size(), 1u);
  const auto& req = requests_[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/hook");
  EXPECT_EQ(req.body, R"({"subscription":3,"target":1,"post":{"id":"p1"}})");
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_EQ(req.header("X-Gather-Delivery"), "idem-1");
  auto ts = req.header("X-Gather-Timestamp");
  ASSERT_TRUE(ts);
  EXPECT_EQ(req.header("X-Gather-Signature"), "sha256=" + hmac_sha256_hex("s3cret", *ts + "." + req.body));
  EXPECT_EQ(req.header("User-Agent"), "gather-test");
}

TEST_F(WebhookSinkTest, ClassifiesFailures) {
  statuses_ = {503, 429, 400, 404};
  auto server_error = deliver();
  EXPECT_FALSE(server_error.ok);
  EXPECT_FALSE(server_error.permanent);
  EXPECT_EQ(server_error.error, "HTTP 503");
  auto limited = deliver();
  EXPECT_FALSE(limited.permanent);
  EXPECT_EQ(limited.retry_after, std::chrono::seconds{7});
  EXPECT_TRUE(deliver().permanent);  // 400: retrying the same body cannot help
  EXPECT_TRUE(deliver().permanent);
}

TEST_F(WebhookSinkTest, UnreachableIsRetryable) {
  server_->stop();
  auto r = deliver();
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.permanent);
  EXPECT_FALSE(r.error.empty());
}

}  // namespace
