#include "deliver/outbox_worker.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "net/http_client.h"
#include "store/sqlite_store.h"

using namespace gather;
using namespace std::chrono;
namespace fs = std::filesystem;

namespace {

// A receiver the test scripts: each send is answered now (ok / fail), or held (the process may
// "die" before the answer comes back).
struct Receiver {
  enum class Answer { kOk, kFail, kPermanent, kHold };
  std::function<Answer(const Delivery&)> script = [](const Delivery&) { return Answer::kOk; };
  std::multiset<std::pair<Id, std::string>> got;  // what reached the receiver
  std::vector<std::pair<std::pair<Id, std::string>, Sink::Done>> held;
  std::vector<std::string> order;
};

class ScriptedSink final : public Sink {
 public:
  explicit ScriptedSink(Receiver& r) : r_(r) {}
  void deliver(const Delivery& d, Done done) override {
    std::pair<Id, std::string> key{d.subscription.id, d.entry.post_id};
    // Like jsonl's tail check: a resend of something already received is acknowledged, not kept.
    if (d.entry.maybe_delivered && r_.got.count(key)) return done(DeliveryResult{true, "", false, std::nullopt});
    switch (r_.script(d)) {
      case Receiver::Answer::kOk:
        r_.got.insert(key);
        r_.order.push_back(d.entry.post_id);
        return done(DeliveryResult{true, "", false, std::nullopt});
      case Receiver::Answer::kFail:
        return done(DeliveryResult{false, "HTTP 503", false, std::nullopt});
      case Receiver::Answer::kPermanent:
        return done(DeliveryResult{false, "HTTP 400", true, std::nullopt});
      case Receiver::Answer::kHold:
        r_.got.insert(key);  // it arrived; the answer may never come back
        r_.held.emplace_back(key, std::move(done));
        return;
    }
  }

 private:
  Receiver& r_;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-outbox-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    open();
    Target t;
    t.platform = "rss";
    t.key = "https://example.org/feed";
    target_ = store_->add_target(t);
    for (int i = 0; i < 2; ++i) {
      Subscription s;
      s.target_id = target_;
      s.subscriber.kind = "jsonl";
      s.subscriber.address = "/dev/null/" + std::to_string(i);
      subs_.push_back(store_->add_subscription(s));
    }
  }
  void TearDown() override {
    worker_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  void open() { store_ = open_sqlite_store((dir_ / "gather.db").string()); }
  std::unique_ptr<OutboxWorker> make_worker(int max_attempts = 3) {
    OutboxOptions o;
    o.max_attempts = max_attempts;
    o.retry_base = seconds{10};
    o.retry_cap = seconds{60};
    return std::make_unique<OutboxWorker>(*store_, context_, o,
                                          [this](const Subscriber&, SinkContext&) { return std::make_unique<ScriptedSink>(receiver_); });
  }
  void queue(int from, int to) {
    std::vector<Post> page;
    for (int i = to; i >= from; --i) {
      Post p;
      p.id = "p" + std::to_string(i);
      page.push_back(p);
    }
    store_->ingest(store_->fetch_state(target_), page, true, 0, [&](const Post&) { return subs_; }, clock_.now());
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::unique_ptr<HttpClient> http_ = make_curl_client(io_);
  ManualClock clock_{system_clock::now()};
  SinkContext context_{io_, *http_, clock_, "test"};
  std::unique_ptr<Store> store_;
  Id target_ = 0;
  std::vector<Id> subs_;
  Receiver receiver_;
  std::unique_ptr<OutboxWorker> worker_;
};

TEST_F(OutboxWorkerTest, DeliversEverythingInOrderOneInFlightPerSubscription) {
  queue(1, 3);
  receiver_.script = [](const Delivery&) { return Receiver::Answer::kHold; };
  worker_ = make_worker();
  worker_->start();
  ASSERT_EQ(receiver_.held.size(), 2u);  // one per subscription, not six
  EXPECT_EQ(worker_->in_flight(), 2u);
  receiver_.script = [](const Delivery&) { return Receiver::Answer::kOk; };
  while (!receiver_.held.empty()) {
    auto [key, done] = std::move(receiver_.held.back());
    receiver_.held.pop_back();
    done(DeliveryResult{true, "", false, std::nullopt});
  }
  EXPECT_EQ(receiver_.got.size(), 6u);
  EXPECT_EQ(store_->outbox_counts().done, 6);
  // Per subscription, p1 before p2 before p3.
  std::vector<std::string> second_sub;
  for (const auto& e : store_->outbox_of(subs_[1])) second_sub.push_back(e.post_id);
  EXPECT_EQ(second_sub, (std::vector<std::string>{"p1", "p2", "p3"}));
  EXPECT_EQ(worker_->stats().delivered, 6);
}

TEST_F(OutboxWorkerTest, FailuresBackOffThenSucceedAndOrderHolds) {
  queue(1, 2);
  int fails = 2;
  receiver_.script = [&](const Delivery& d) {
    if (d.subscription.id == subs_[0] && fails > 0) {
      --fails;
      return Receiver::Answer::kFail;
    }
    return Receiver::Answer::kOk;
  };
  worker_ = make_worker(5);
  worker_->start();
  // The second subscription is not held up by the first one's trouble.
  EXPECT_EQ(receiver_.got.count({subs_[1], "p2"}), 1u);
  EXPECT_EQ(receiver_.got.count({subs_[0], "p1"}), 0u);
  EXPECT_EQ(worker_->backoff(1), seconds{10});
  EXPECT_EQ(worker_->backoff(2), seconds{20});
  EXPECT_EQ(worker_->backoff(9), seconds{60});
  worker_->poke();  // not due yet: nothing happens
  EXPECT_EQ(receiver_.got.count({subs_[0], "p1"}), 0u);
  clock_.advance(seconds{10});
  worker_->poke();  // second failure
  clock_.advance(seconds{19});
  worker_->poke();
  EXPECT_EQ(receiver_.got.count({subs_[0], "p1"}), 0u);
  clock_.advance(seconds{1});
  worker_->poke();
  EXPECT_EQ(receiver_.got.size(), 4u);
  EXPECT_EQ(receiver_.order.back(), "p2");
  EXPECT_EQ(store_->outbox_counts().done, 4);
  EXPECT_EQ(worker_->stats().failed_attempts, 2);
}

TEST_F(OutboxWorkerTest, DeadLettersAfterMaxAttemptsOrAtOnceWhenPermanent) {
  queue(1, 2);
  receiver_.script = [&](const Delivery& d) {
    if (d.entry.post_id != "p1") return Receiver::Answer::kOk;
    return d.subscription.id == subs_[0] ? Receiver::Answer::kFail : Receiver::Answer::kPermanent;
  };
  worker_ = make_worker(3);
  worker_->start();
  for (int i = 0; i < 5; ++i) {
    clock_.advance(seconds{60});
    worker_->poke();
  }
  auto c = store_->outbox_counts();
  EXPECT_EQ(c.dead, 2);
  EXPECT_EQ(c.done, 2);  // p2 went through behind the dead p1 on both
  auto first = store_->outbox_of(subs_[0]);
  EXPECT_EQ(first[0].attempts, 3);
  EXPECT_EQ(first[0].last_error, "HTTP 503");
  EXPECT_EQ(store_->outbox_of(subs_[1])[0].attempts, 1);
}

// For any sequence of failures, lost answers and crashes, every (subscription, post) reaches the
// receiver exactly once.
TEST_F(OutboxWorkerTest, ExactlyOnceUnderRandomFailuresAndCrashes) {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    TearDown();
    receiver_ = Receiver{};
    SetUp();
    std::mt19937_64 rng(seed);
    receiver_.script = [&](const Delivery&) {
      switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
        case 0: case 1: return Receiver::Answer::kFail;
        case 2: return Receiver::Answer::kHold;
        default: return Receiver::Answer::kOk;
      }
    };
    int next_post = 1;
    worker_ = make_worker(1000);
    worker_->start();
    for (int step = 0; step < 60; ++step) {
      int action = std::uniform_int_distribution<int>(0, 5)(rng);
      if (action == 0) {
        queue(next_post, next_post + 2);
        next_post += 3;
        worker_->poke();
      } else if (action == 1) {  // crash: answers in flight are lost, the store is reopened
        receiver_.held.clear();
        worker_.reset();
        store_.reset();
        open();
        worker_ = make_worker(1000);
        worker_->start();
      } else if (action == 2 && !receiver_.held.empty()) {  // a held answer comes back
        auto [key, done] = std::move(receiver_.held.front());
        receiver_.held.erase(receiver_.held.begin());
        done(DeliveryResult{true, "", false, std::nullopt});
      } else {
        clock_.advance(seconds{61});
        worker_->poke();
      }
    }
    // Calm weather until everything is through.
    receiver_.script = [](const Delivery&) { return Receiver::Answer::kOk; };
    for (int i = 0; i < 1000 && store_->outbox_counts().done < static_cast<std::int64_t>(2 * (next_post - 1)); ++i) {
      for (auto& [key, done] : std::exchange(receiver_.held, {})) done(DeliveryResult{true, "", false, std::nullopt});
      clock_.advance(seconds{61});
      worker_->poke();
    }
    ASSERT_EQ(store_->outbox_counts().done, 2 * (next_post - 1)) << "seed " << seed;
    for (int p = 1; p < next_post; ++p)
      for (Id s : subs_) ASSERT_EQ(receiver_.got.count({s, "p" + std::to_string(p)}), 1u) << "seed " << seed << " p" << p;
    ASSERT_EQ(receiver_.got.size(), static_cast<std::size_t>(2 * (next_post - 1))) << "seed " << seed;
  }
}

}  // namespace
