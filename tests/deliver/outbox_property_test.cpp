// The outbox's promise as a property: whatever a sink does (accepts, refuses, loses the answer,
// never answers, answers much later) and however often the process dies, a receiver that
// deduplicates by idempotency key — as AMQP consumers do by message_id — ends up with every
// (subscription, post) exactly once, and nothing stays undelivered.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "deliver/outbox_worker.h"
#include "net/http_client.h"
#include "store/sqlite_store.h"

using namespace gather;
using namespace std::chrono;
namespace fs = std::filesystem;

namespace {

using Key = std::pair<Id, std::string>;  // (subscription, post id)

// The far side of a sink with no dedup of its own (unlike jsonl's tail check): everything sent
// reaches it, duplicates included, and it keeps the first message per idempotency key.
struct Receiver {
  std::map<std::string, Key> accepted;  // idempotency key → what it carried
  std::size_t arrivals = 0;
  void arrive(const Delivery& d) {
    ++arrivals;
    Key key{d.subscription.id, d.entry.post_id};
    auto [it, fresh] = accepted.emplace(d.idempotency_key, key);
    // One key must always mean the same (subscription, post), or dedup would drop real posts.
    if (!fresh) {
      EXPECT_EQ(it->second, key) << "idempotency key " << d.idempotency_key << " reused";
    }
  }
};

enum class Answer { kOk, kRefused, kLostAnswer, kNever, kLater };

struct Script {
  std::mt19937_64& rng;
  bool calm = false;
  Answer next() {
    if (calm) return Answer::kOk;
    switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
      case 0: return Answer::kRefused;     // e.g. broker unreachable: nothing arrived
      case 1: return Answer::kLostAnswer;  // arrived, but the connection died before the confirm
      case 2: return Answer::kNever;       // arrived or not; the answer never comes
      case 3: case 4: return Answer::kLater;
      default: return Answer::kOk;
    }
  }
};

struct Held {
  Sink::Done done;
  bool ok;
};

class ScriptedSink final : public Sink {
 public:
  ScriptedSink(Receiver& r, Script& s, std::vector<Held>& later) : r_(r), s_(s), later_(later) {}
  void deliver(const Delivery& d, Done done) override {
    switch (s_.next()) {
      case Answer::kOk:
        r_.arrive(d);
        return done(DeliveryResult{true, "", false, std::nullopt});
      case Answer::kRefused:
        return done(DeliveryResult{false, "refused", false, std::nullopt});
      case Answer::kLostAnswer:
        r_.arrive(d);
        return done(DeliveryResult{false, "connection lost", false, std::nullopt});
      case Answer::kNever:
        if (std::bernoulli_distribution(0.5)(s_.rng)) r_.arrive(d);
        never_.push_back(std::move(done));  // kept, not called: the worker must not hear back
        return;
      case Answer::kLater: {
        bool ok = std::bernoulli_distribution(0.7)(s_.rng);
        if (ok) r_.arrive(d);
        later_.push_back(Held{std::move(done), ok});
        return;
      }
    }
  }

 private:
  Receiver& r_;
  Script& s_;
  std::vector<Held>& later_;
  std::vector<Done> never_;
};

class OutboxProperty : public ::testing::TestWithParam<std::uint64_t> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-outbox-prop-" + std::to_string(::getpid()) + "-" + std::to_string(GetParam()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    open();
    Target t;
    t.platform = "rss";
    t.key = "https://example.org/feed";
    target_ = store_->add_target(t);
    for (int i = 0; i < 3; ++i) {
      Subscription s;
      s.target_id = target_;
      s.subscriber.kind = "jsonl";
      s.subscriber.address = "/dev/null/" + std::to_string(i);
      subs_.push_back(store_->add_subscription(s));
    }
  }
  void TearDown() override {
    crash();
    store_.reset();
    fs::remove_all(dir_);
  }
  void open() { store_ = open_sqlite_store((dir_ / "gather.db").string()); }
  void start() {
    OutboxOptions o;
    o.max_attempts = 1'000'000;  // this property is about retries, not dead letters
    o.max_in_flight = 2;
    o.retry_base = seconds{1};
    o.retry_cap = seconds{30};
    worker_ = std::make_unique<OutboxWorker>(*store_, context_, o, [this](const Subscriber&, SinkContext&) {
      return std::make_unique<ScriptedSink>(receiver_, script_, later_);
    });
    worker_->start();
  }
  // The process dies: answers not yet delivered die with it, the store is reopened from disk.
  void crash() {
    later_.clear();
    worker_.reset();
    store_.reset();
    open();
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
  void answer_one_later() {
    if (later_.empty()) return;
    std::size_t i = std::uniform_int_distribution<std::size_t>(0, later_.size() - 1)(rng_);
    Held h = std::move(later_[i]);
    later_.erase(later_.begin() + static_cast<std::ptrdiff_t>(i));
    h.done(DeliveryResult{h.ok, h.ok ? "" : "late failure", false, std::nullopt});
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::unique_ptr<HttpClient> http_ = make_curl_client(io_);
  ManualClock clock_{system_clock::now()};
  SinkContext context_{io_, *http_, clock_, "test"};
  std::unique_ptr<Store> store_;
  Id target_ = 0;
  std::vector<Id> subs_;
  std::mt19937_64 rng_{GetParam()};
  Script script_{rng_};
  Receiver receiver_;
  std::vector<Held> later_;
  std::unique_ptr<OutboxWorker> worker_;
};

TEST_P(OutboxProperty, EveryDeliveryAcceptedExactlyOnceAfterDedup) {
  int next_post = 1;
  start();
  for (int step = 0; step < 80; ++step) {
    switch (std::uniform_int_distribution<int>(0, 7)(rng_)) {
      case 0:
        queue(next_post, next_post + 1);
        next_post += 2;
        worker_->poke();
        break;
      case 1:
        crash();
        start();
        break;
      case 2: case 3:
        answer_one_later();
        break;
      default:
        clock_.advance(seconds{31});
        worker_->poke();
    }
  }
  // Calm weather: one last restart frees what never got an answer, then everything goes through.
  script_.calm = true;
  const std::int64_t want = static_cast<std::int64_t>(subs_.size()) * (next_post - 1);
  crash();
  start();
  for (int i = 0; i < 10'000 && store_->outbox_counts().done < want; ++i) {
    while (!later_.empty()) answer_one_later();
    clock_.advance(seconds{31});
    worker_->poke();
  }
  auto counts = store_->outbox_counts();
  EXPECT_EQ(counts.done, want);
  EXPECT_EQ(counts.pending + counts.sending + counts.dead, 0);
  // Exactly once after dedup: one accepted key per (subscription, post), none missing, none extra.
  std::set<Key> got;
  for (const auto& [key, what] : receiver_.accepted) EXPECT_TRUE(got.insert(what).second) << what.second;
  std::set<Key> expected;
  for (int p = 1; p < next_post; ++p)
    for (Id s : subs_) expected.insert({s, "p" + std::to_string(p)});
  EXPECT_EQ(got, expected);
  EXPECT_GE(receiver_.arrivals, receiver_.accepted.size());
}

INSTANTIATE_TEST_SUITE_P(Seeds, OutboxProperty, ::testing::Range<std::uint64_t>(1, 61));

}  // namespace
