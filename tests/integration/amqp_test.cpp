// `gather serve` pushing to a real RabbitMQ (started by the test on its own ports): every post
// reaches the queue for every subscription, persistent and JSON, keyed by message_id; then the
// broker is restarted mid-run and nothing is lost. One case, because a broker takes seconds to boot.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <optional>

#include "rabbitmq_broker.h"
#include "sim_harness.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

constexpr int kFeeds = 3;

class AmqpServeTest : public ServeFixture {
 protected:
  void write_amqp_config() {
    std::ostringstream cfg;
    // max_attempts is high so the broker's downtime (seconds, at retry_cap 400ms) cannot
    // dead-letter anything: this test is about nothing being lost.
    cfg << "data = \"data\"\ndrain_timeout = \"5s\"\n"
        << "[schedule]\nmin_interval = \"150ms\"\nanonymous = { rss = \"200/1s\" }\n"
        << "[delivery]\nretry_base = \"50ms\"\nretry_cap = \"400ms\"\nmax_attempts = 1000\n";
    for (int i = 0; i < kFeeds; ++i) {
      cfg << "[[target]]\nname = \"f" << i << "\"\nurl = \"" << sim_->feed_url(i) << "\"\n"
          << "[[subscription]]\ntarget = \"f" << i << "\"\nto = \"" << broker_->url("gather") << "\"\n";
      // A second subscriber of feed 0, with its own routing key and the password as a secret.
      if (i == 0)
        cfg << "[[subscription]]\ntarget = \"f0\"\nto = \"amqp://guest@127.0.0.1:" << broker_->port()
            << "/%2f?exchange=gather&routing_key=sub.{subscription}.{platform}\"\nsecret = \"guest\"\n";
    }
    write_config(cfg.str());
  }

  void publish_round(int per_feed) {
    for (int i = 0; i < kFeeds; ++i) sim_->publish(i, per_feed);
  }
  std::size_t expected() {
    std::size_t n = 0;
    for (const auto& [feed, ids] : sim_->posts()) n += ids.size() * (feed == 0 ? 2 : 1);
    return n;
  }

  // Takes what is in the queue now into `got_`; false if the broker is not reachable.
  bool collect() {
    try {
      if (!client_) client_ = std::make_unique<AmqpTestClient>(broker_->port());
      for (auto& m : client_->drain("posts")) {
        ++arrivals_;
        got_.emplace(m.message_id, m);  // a resend carries the same message_id: one entry
      }
      return true;
    } catch (const std::exception&) {
      client_.reset();
      return false;
    }
  }
  bool collected_all() { return collect() && got_.size() == expected(); }

  std::unique_ptr<RabbitBroker> broker_;
  std::unique_ptr<AmqpTestClient> client_;
  std::map<std::string, AmqpMessage> got_;  // by message_id
  std::size_t arrivals_ = 0;
};

TEST_F(AmqpServeTest, EveryPostOnceByMessageIdThroughABrokerRestart) {
  try {
    broker_ = std::make_unique<RabbitBroker>();
  } catch (const std::exception& e) {
    FAIL() << e.what();  // not a skip: CI installs rabbitmq-server, a missing one is a broken setup
  }
  client_ = std::make_unique<AmqpTestClient>(broker_->port());
  client_->declare_exchange("gather", "topic");
  client_->declare_queue("posts", "gather", "#");

  start_sim(kFeeds);
  write_amqp_config();
  start_gather();
  if (HasFatalFailure()) return;

  publish_round(3);
  ASSERT_TRUE(eventually([&] { return collected_all(); })) << got_.size() << "/" << expected() << "\n" << log();
  for (const auto& [id, m] : got_) {
    EXPECT_EQ(m.content_type, "application/json");
    EXPECT_EQ(m.delivery_mode, 2) << "persistent";
    EXPECT_EQ(m.message_id.size(), 32u);
  }

  // Restart the broker while the second round is under way, publish more while it is down:
  // what it had not confirmed is resent, so all of it arrives.
  publish_round(3);
  client_.reset();
  broker_->stop();
  publish_round(2);
  broker_->start();
  publish_round(1);
  ASSERT_TRUE(eventually([&] { return collected_all(); }, std::chrono::seconds{40}))
      << got_.size() << "/" << expected() << "\n" << log();

  // Exactly the published posts, once per subscription: each message_id names one
  // (subscription, post), and every pair is there.
  auto truth = sim_->posts();
  std::map<std::int64_t, std::set<std::string>> by_subscription;
  std::set<std::pair<std::int64_t, std::string>> pairs;
  for (const auto& [id, m] : got_) {
    auto body = json::parse(m.body).as_object();
    std::int64_t sub = body.at("subscription").as_int64();
    std::string post(body.at("post").at("id").as_string());
    EXPECT_TRUE(pairs.emplace(sub, post).second) << "two message_ids for subscription " << sub << " post " << post;
    by_subscription[sub].insert(post);
    std::int64_t target = body.at("target").as_int64();
    if (sub == 2)
      EXPECT_EQ(m.routing_key, "sub.2.rss");
    else
      EXPECT_EQ(m.routing_key, "rss." + std::to_string(target));
  }
  // Config order: subscription 1 and 2 watch feed 0, 3 watches feed 1, 4 watches feed 2.
  EXPECT_EQ(by_subscription[1], truth[0]);
  EXPECT_EQ(by_subscription[2], truth[0]);
  EXPECT_EQ(by_subscription[3], truth[1]);
  EXPECT_EQ(by_subscription[4], truth[2]);
  // Resends after the restart may reach the broker twice; they share the message_id, which is
  // what consumers dedup on (counted here so a regression to wholesale resending shows).
  RecordProperty("duplicates_at_broker", static_cast<int>(arrivals_ - got_.size()));

  // A clean stop with a live broker connection: drains and exits, no hang in the sink.
  gather_->signal(SIGTERM);
  EXPECT_EQ(gather_->wait(std::chrono::seconds{15}), 0) << log();
}

}  // namespace
