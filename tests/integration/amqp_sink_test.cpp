// The amqp sink in-process against a real broker: what counts as delivered (the broker's
// confirm) and what does not, each with an error that says why, pipelining, and a destruction
// with publishes in flight that neither hangs nor answers anyone afterwards.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>

#include "deliver/sink.h"
#include "net/http_client.h"
#include "rabbitmq_broker.h"

using namespace gather;
using namespace gather::testing;
using namespace std::chrono;

namespace {

class AmqpSinkTest : public ::testing::Test {
 protected:
  std::unique_ptr<Sink> sink(const std::string& destination, const std::string& secret = "") {
    auto d = parse_destination(destination);
    Subscriber s;
    s.kind = d.kind;
    s.address = d.address;
    s.secret = secret;
    return make_sink(s, context_);
  }
  void send(Sink& sink, const std::string& key, std::function<void(DeliveryResult)> done) {
    sink.deliver(Delivery{entry_, subscription_, message_, key, target_, post_, rendered_}, std::move(done));
  }
  // Delivers one and runs the io_context until its answer (bounded: a hang fails the test).
  DeliveryResult deliver(Sink& sink, const std::string& key) {
    std::optional<DeliveryResult> result;
    send(sink, key, [&](DeliveryResult r) { result = std::move(r); });
    auto deadline = steady_clock::now() + seconds{20};
    while (!result && steady_clock::now() < deadline) io_.run_one_for(milliseconds{100});
    if (!result) return DeliveryResult{false, "no answer in 20s", false, std::nullopt};
    return *result;
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_ = boost::asio::make_work_guard(io_);
  std::unique_ptr<HttpClient> http_ = make_curl_client(io_);
  SystemClock clock_;
  SinkContext context_{io_, *http_, clock_, "test"};
  OutboxEntry entry_;
  Subscription subscription_;
  std::string message_ = R"({"subscription":7,"target":3,"post":{"id":"p1"}})";
  Target target_;
  Post post_;
  RenderedMessage rendered_;
};

TEST_F(AmqpSinkTest, ConfirmedRefusedPipelinedAndShutDown) {
  std::unique_ptr<RabbitBroker> broker;
  try {
    broker = std::make_unique<RabbitBroker>();
  } catch (const std::exception& e) {
    FAIL() << e.what();  // not a skip: CI installs rabbitmq-server
  }
  AmqpTestClient client(broker->port());
  client.declare_exchange("edges", "topic");
  client.declare_queue("q", "edges", "routed.#");
  subscription_.id = 7;
  target_.id = 3;
  target_.platform = "rss";
  const std::string base = "amqp://guest:guest@127.0.0.1:" + std::to_string(broker->port()) + "/%2f?exchange=";

  // Confirmed: in the queue, persistent, JSON, keyed, routed by the template.
  auto good = sink(base + "edges&routing_key=routed.{platform}.{target}.{subscription}");
  auto r = deliver(*good, "key-1");
  EXPECT_TRUE(r.ok) << r.error;
  auto got = client.drain("q");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].message_id, "key-1");
  EXPECT_EQ(got[0].routing_key, "routed.rss.3.7");
  EXPECT_EQ(got[0].body, message_);
  EXPECT_EQ(got[0].delivery_mode, 2);
  EXPECT_EQ(got[0].content_type, "application/json");

  // Pipelined: many in flight on one connection, each answered once, all in the queue.
  int answered = 0, ok = 0;
  for (int i = 0; i < 200; ++i)
    send(*good, "pipe-" + std::to_string(i), [&](DeliveryResult d) {
      ++answered;
      ok += d.ok ? 1 : 0;
    });
  auto deadline = steady_clock::now() + seconds{20};
  while (answered < 200 && steady_clock::now() < deadline) io_.run_one_for(milliseconds{100});
  EXPECT_EQ(answered, 200);
  EXPECT_EQ(ok, 200);
  EXPECT_EQ(client.count("q"), 200u);

  // Routed nowhere: the broker returns it (mandatory) and the sink says so; retryable, since a
  // queue may be bound later.
  auto unrouted = sink(base + "edges&routing_key=elsewhere");
  r = deliver(*unrouted, "key-2");
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.permanent);
  EXPECT_NE(r.error.find("no queue took it"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("NO_ROUTE"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("elsewhere"), std::string::npos) << r.error;

  // Refused by the broker (nack): a full queue that rejects publishes beyond its length.
  client.declare_queue("tiny", "edges", "tiny", 1);
  auto tiny = sink(base + "edges&routing_key=tiny");
  r = deliver(*tiny, "key-7");
  EXPECT_TRUE(r.ok) << r.error;
  r = deliver(*tiny, "key-8");
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.permanent);
  EXPECT_NE(r.error.find("nack"), std::string::npos) << r.error;

  // A missing exchange, a wrong password, no broker at all: each not ok, naming the cause.
  auto missing = sink(base + "nope");
  r = deliver(*missing, "key-3");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("exchange 'nope'"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("404"), std::string::npos) << r.error;

  auto refused = sink("amqp://guest@127.0.0.1:" + std::to_string(broker->port()) + "/%2f?exchange=edges", "wrong");
  r = deliver(*refused, "key-4");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("login as 'guest' failed"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find("wrong"), std::string::npos) << "password in an error: " << r.error;

  // The password from the secret works.
  auto secret = sink("amqp://guest@127.0.0.1:" + std::to_string(broker->port()) + "/%2f?exchange=edges&routing_key=routed", "guest");
  r = deliver(*secret, "key-5");
  EXPECT_TRUE(r.ok) << r.error;

  auto nowhere = sink("amqp://127.0.0.1:1/%2f?exchange=edges");
  r = deliver(*nowhere, "key-6");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("unreachable"), std::string::npos) << r.error;

  // Destroyed with publishes in flight: returns promptly, and nobody is answered afterwards
  // (the caller is going away too; the outbox resends what was unconfirmed on its next start).
  int late = 0;
  for (int i = 0; i < 100; ++i) send(*good, "late-" + std::to_string(i), [&](DeliveryResult) { ++late; });
  auto t0 = steady_clock::now();
  good.reset();
  EXPECT_LT(steady_clock::now() - t0, seconds{3});
  io_.run_for(milliseconds{200});
  EXPECT_EQ(late, 0);
}

}  // namespace
