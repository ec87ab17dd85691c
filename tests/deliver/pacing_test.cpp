// The outbox worker's pacing, in virtual time: a gap per chat, a rate per sink kind, retry_after
// holding one chat, and order per chat across subscriptions.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>

#include "deliver/outbox_worker.h"
#include "net/http_client.h"
#include "store/sqlite_store.h"

using namespace gather;
using namespace std::chrono;
namespace fs = std::filesystem;

namespace {

struct Sent {
  milliseconds at;  // since the test's start
  std::string chat;
  std::string post;
};

// Answers at once; records when (virtual time) each message started, to which chat.
class RecordingSink final : public Sink {
 public:
  RecordingSink(std::string chat, std::vector<Sent>& sent, const Clock& clock, TimePoint start,
                std::function<DeliveryResult(const Delivery&)>& answer)
      : chat_(std::move(chat)), sent_(sent), clock_(clock), start_(start), answer_(answer) {}
  void deliver(const Delivery& d, Done done) override {
    sent_.push_back({duration_cast<milliseconds>(clock_.now() - start_), chat_, d.entry.post_id});
    done(answer_(d));
  }

 private:
  std::string chat_;
  std::vector<Sent>& sent_;
  const Clock& clock_;
  TimePoint start_;
  std::function<DeliveryResult(const Delivery&)>& answer_;
};

class PacingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-pacing-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = open_sqlite_store((dir_ / "gather.db").string());
  }
  void TearDown() override {
    worker_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  Id target(const std::string& key) {
    Target t;
    t.platform = "rss";
    t.key = "https://example.org/" + key;
    return store_->add_target(t);
  }
  Id subscribe(Id target, const std::string& kind, const std::string& address) {
    Subscription s;
    s.target_id = target;
    s.subscriber.kind = kind;
    s.subscriber.address = address;
    return store_->add_subscription(s);
  }
  void queue(Id target, Id sub, const std::vector<std::string>& ids) {
    std::vector<Post> page;
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      Post p;
      p.id = *it;
      page.push_back(p);
    }
    store_->ingest(store_->fetch_state(target), page, true, 0, [&](const Post&) { return std::vector<Id>{sub}; },
                   clock_.now());
  }
  void start() {
    OutboxOptions o;
    o.retry_base = seconds{10};
    worker_ = std::make_unique<OutboxWorker>(*store_, context_, o, [this](const Subscriber& s, SinkContext&) {
      return std::make_unique<RecordingSink>(s.kind + ":" + s.address, sent_, clock_, start_, answer_);
    });
    worker_->start();
  }
  // Jumps from wake-up to wake-up, as the worker's timer would, until nothing is left.
  void run_virtual() {
    for (int i = 0; i < 1000; ++i) {
      auto wake = worker_->next_wake();
      if (!wake) return;
      ASSERT_GT(*wake, clock_.now()) << "a wake-up in the past would spin";
      clock_.set(*wake);
      worker_->poke();
    }
    FAIL() << "never idle";
  }
  std::vector<std::string> sent_to(const std::string& chat) const {
    std::vector<std::string> out;
    for (const auto& s : sent_)
      if (s.chat == chat) out.push_back(s.post + "@" + std::to_string(s.at.count()));
    return out;
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::unique_ptr<HttpClient> http_ = make_curl_client(io_);
  ManualClock clock_;
  TimePoint start_ = clock_.now();
  SinkContext context_{io_, *http_, clock_, "test"};
  std::unique_ptr<Store> store_;
  std::unique_ptr<OutboxWorker> worker_;
  std::vector<Sent> sent_;
  std::function<DeliveryResult(const Delivery&)> answer_ = [](const Delivery&) {
    return DeliveryResult{true, "", false, std::nullopt};
  };
};

TEST_F(PacingTest, OneChatGetsAMessageEveryGap) {
  Id t = target("a");
  Id s = subscribe(t, "telegram-bot", "123");
  queue(t, s, {"p1", "p2", "p3"});
  start();
  EXPECT_EQ(worker_->next_wake(), start_ + milliseconds{1500});
  run_virtual();
  EXPECT_EQ(sent_to("telegram-bot:123"), (std::vector<std::string>{"p1@0", "p2@1500", "p3@3000"}));
  EXPECT_EQ(store_->outbox_counts().done, 3);
}

TEST_F(PacingTest, AKindsRateSpacesMessagesOverAllItsChats) {
  Id t = target("a");
  for (int chat = 1; chat <= 5; ++chat)
    queue(t, subscribe(t, "onebot", "group:" + std::to_string(chat)), {"p" + std::to_string(chat)});
  Id hook = subscribe(t, "webhook", "https://hooks.example/x");
  queue(t, hook, {"h1", "h2"});
  start();
  run_virtual();
  // 2 per second for onebot; the webhook kind has no pacing and is not held up by it.
  std::vector<std::string> onebot;
  for (const auto& s : sent_)
    if (s.chat.rfind("onebot:", 0) == 0) onebot.push_back(s.chat + "@" + std::to_string(s.at.count()));
  EXPECT_EQ(onebot, (std::vector<std::string>{"onebot:group:1@0", "onebot:group:2@500", "onebot:group:3@1000",
                                              "onebot:group:4@1500", "onebot:group:5@2000"}));
  EXPECT_EQ(sent_to("webhook:https://hooks.example/x"), (std::vector<std::string>{"h1@0", "h2@0"}));
}

TEST_F(PacingTest, ConfiguredPacingOverridesTheKindsDefaults) {
  context_.settings.pacing["telegram-bot"] = SinkPacing{milliseconds{0}, 4.0};
  Id t = target("a");
  queue(t, subscribe(t, "telegram-bot", "1"), {"a1", "a2"});
  queue(t, subscribe(t, "telegram-bot", "2"), {"b1"});
  start();
  run_virtual();
  std::vector<std::string> all;
  for (const auto& s : sent_) all.push_back(s.post + "@" + std::to_string(s.at.count()));
  EXPECT_EQ(all, (std::vector<std::string>{"a1@0", "a2@250", "b1@500"}));
}

TEST_F(PacingTest, OrderPerChatHoldsAcrossSubscriptionsFromSeveralTargets) {
  Id a = target("a");
  Id b = target("b");
  Id sa = subscribe(a, "telegram-bot", "@news_channel");
  Id sb = subscribe(b, "telegram-bot", "@news_channel");
  queue(a, sa, {"a1"});
  clock_.advance(milliseconds{10});
  queue(b, sb, {"b1"});
  clock_.advance(milliseconds{10});
  queue(a, sa, {"a2"});
  start();
  run_virtual();
  EXPECT_EQ(sent_to("telegram-bot:@news_channel"), (std::vector<std::string>{"a1@20", "b1@1520", "a2@3020"}))
      << "one lane per chat: queue order, one gap apart, never two at once";
}

TEST_F(PacingTest, RetryAfterHoldsOnlyThatChatAndFailuresBackOffThenDeadLetter) {
  Id t = target("a");
  Id limited = subscribe(t, "telegram-bot", "1");
  Id failing = subscribe(t, "telegram-bot", "2");
  Id fine = subscribe(t, "telegram-bot", "3");
  queue(t, limited, {"l1", "l2"});
  queue(t, failing, {"f1"});
  queue(t, fine, {"g1", "g2"});
  int limits = 1;
  answer_ = [&](const Delivery& d) {
    if (d.entry.post_id == "l1" && limits-- > 0) return DeliveryResult{false, "429", false, seconds{60}};
    if (d.entry.post_id == "f1") return DeliveryResult{false, "HTTP 502", false, std::nullopt};
    return DeliveryResult{true, "", false, std::nullopt};
  };
  start();
  run_virtual();
  EXPECT_EQ(sent_to("telegram-bot:1"), (std::vector<std::string>{"l1@0", "l1@60000", "l2@61500"}));
  EXPECT_EQ(sent_to("telegram-bot:3"), (std::vector<std::string>{"g1@66", "g2@1566"}))
      << "not held by the other chats (only spaced by the kind's 30/s)";
  // 502s back off 10, 20, 40, ... s and the entry is dead after max_attempts (8).
  auto f = sent_to("telegram-bot:2");
  ASSERT_EQ(f.size(), 8u);
  EXPECT_EQ(f[0], "f1@33");
  EXPECT_EQ(f[1], "f1@10033");
  EXPECT_EQ(f[2], "f1@30033");
  auto entry = store_->outbox_of(failing)[0];
  EXPECT_EQ(entry.state, DeliveryState::kDead);
  EXPECT_EQ(entry.attempts, 8);
  EXPECT_EQ(worker_->stats().dead, 1);
}

}  // namespace
