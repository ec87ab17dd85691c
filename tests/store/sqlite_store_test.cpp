#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <thread>

using namespace gather;
namespace fs = std::filesystem;

namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-store-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "gather.db").string();
    store_ = open_sqlite_store(path_, SqliteStoreOptions{.seen_per_target = 10});
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  Id add_feed(const std::string& url) {
    Target t;
    t.platform = "rss";
    t.key = url;
    return store_->add_target(t);
  }
  Id add_jsonl(Id target, const std::string& path) {
    Subscription s;
    s.target_id = target;
    s.subscriber.kind = "jsonl";
    s.subscriber.address = path;
    return store_->add_subscription(s);
  }
  IngestResult ingest(const FetchState& st, const std::vector<Post>& posts, bool push, int backfill,
                      const Store::Router& route) {
    return store_->ingest(st, posts, push, backfill, route, std::chrono::system_clock::now());
  }
  static std::vector<Post> page(int from, int to) {  // newest first: ids to..from
    std::vector<Post> out;
    for (int i = to; i >= from; --i) {
      Post p;
      p.id = "p" + std::to_string(i);
      p.title = "post " + std::to_string(i);
      out.push_back(p);
    }
    return out;
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, TargetsRoundTripAndRejectDuplicates) {
  Target t;
  t.platform = "rss";
  t.key = "https://example.org/feed.xml";
  t.name = "example";
  t.interval = std::chrono::milliseconds{30'000};
  t.backfill = 3;
  Id id = store_->add_target(t);
  auto back = store_->target(id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->key, t.key);
  EXPECT_EQ(back->interval, t.interval);
  EXPECT_EQ(back->backfill, 3);
  EXPECT_THROW(store_->add_target(t), StoreError);
  EXPECT_TRUE(store_->find_target("rss", t.key));
  EXPECT_EQ(store_->targets().size(), 1u);
  EXPECT_TRUE(store_->remove_target(id));
  EXPECT_FALSE(store_->target(id));
}

TEST_F(StoreTest, SubscriptionsShareSubscribersAndKeepFilters) {
  Id a = add_feed("https://a.example/feed");
  Id b = add_feed("https://b.example/feed");
  Subscription s;
  s.target_id = a;
  s.subscriber.kind = "webhook";
  s.subscriber.address = "https://hook.example/x";
  s.subscriber.secret = "k";
  s.filters.tags = {"news", "~ads"};
  s.filters.keywords = {"rust"};
  Id sa = store_->add_subscription(s);
  s.target_id = b;
  Id sb = store_->add_subscription(s);
  EXPECT_NE(sa, sb);
  auto subs = store_->subscriptions();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0].subscriber.id, subs[1].subscriber.id);
  EXPECT_EQ(subs[0].filters, s.filters);
  EXPECT_EQ(subs[0].subscriber.secret, "k");
  EXPECT_THROW(store_->add_subscription(s), StoreError);
  s.target_id = 999;
  EXPECT_THROW(store_->add_subscription(s), StoreError);
}

TEST_F(StoreTest, FirstFetchRecordsWithoutPushingExceptBackfill) {
  Id t = add_feed("https://a.example/feed");
  Id sub = add_jsonl(t, "/tmp/x.jsonl");
  FetchState st = store_->fetch_state(t);
  auto r = ingest(st, page(1, 5), /*push=*/false, /*backfill=*/2, [&](const Post&) { return std::vector<Id>{sub}; });
  EXPECT_EQ(r.new_posts.size(), 5u);
  EXPECT_EQ(r.queued, 2);
  auto queued = store_->outbox_of(sub);
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_EQ(queued[0].post_id, "p4");  // oldest of the backfill first
  EXPECT_EQ(queued[1].post_id, "p5");
  EXPECT_EQ(store_->fetch_state(t).posts_seen, 5);
}

TEST_F(StoreTest, IngestQueuesOnlyUnseenPostsOncePerSubscription) {
  Id t = add_feed("https://a.example/feed");
  Id sub = add_jsonl(t, "/tmp/x.jsonl");
  auto route = [&](const Post&) { return std::vector<Id>{sub}; };
  FetchState st = store_->fetch_state(t);
  ingest(st, page(1, 3), true, 0, route);
  auto r = ingest(store_->fetch_state(t), page(2, 6), true, 0, route);
  ASSERT_EQ(r.new_posts.size(), 3u);
  EXPECT_EQ(r.new_posts.front().id, "p6");  // order given (newest first) is kept
  EXPECT_EQ(r.queued, 3);
  EXPECT_EQ(store_->outbox_of(sub).size(), 6u);
  // The same page again queues nothing.
  EXPECT_EQ(ingest(store_->fetch_state(t), page(2, 6), true, 0, route).queued, 0);
}

TEST_F(StoreTest, SeenPostsAreBoundedPerTargetButNeverRepushed) {
  Id t = add_feed("https://a.example/feed");
  Id sub = add_jsonl(t, "/tmp/x.jsonl");
  auto route = [&](const Post&) { return std::vector<Id>{sub}; };
  for (int i = 0; i < 10; ++i) ingest(store_->fetch_state(t), page(i * 5 + 1, i * 5 + 5), true, 0, route);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw, "SELECT COUNT(*) FROM seen_posts", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_LE(sqlite3_column_int(st, 0), 11);
  sqlite3_finalize(st);
  sqlite3_close(raw);
  // A pruned post that shows up again is recorded as seen again, but the outbox keeps it once.
  auto r = ingest(store_->fetch_state(t), page(1, 1), true, 0, route);
  EXPECT_EQ(r.queued, 0);
  EXPECT_EQ(store_->outbox_of(sub).size(), 50u);
}

TEST_F(StoreTest, OutboxServesOneAtATimePerSubscriptionInOrder) {
  Id t = add_feed("https://a.example/feed");
  Id s1 = add_jsonl(t, "/tmp/1.jsonl");
  Id s2 = add_jsonl(t, "/tmp/2.jsonl");
  ingest(store_->fetch_state(t), page(1, 3), true, 0, [&](const Post&) { return std::vector<Id>{s1, s2}; });
  auto now = std::chrono::system_clock::now() + std::chrono::seconds{1};
  auto due = store_->due_deliveries(now, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].post_id, "p1");
  EXPECT_EQ(due[1].post_id, "p1");
  store_->mark_sending(due[0].id);
  due = store_->due_deliveries(now, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].subscription_id, s2);
  // A failure with a later retry holds back the subscription's later posts (order is kept).
  store_->mark_failed(due[0].id, "HTTP 500", now + std::chrono::seconds{60}, false);
  EXPECT_TRUE(store_->due_deliveries(now, 10).empty());
  EXPECT_EQ(store_->due_deliveries(now + std::chrono::seconds{61}, 10).size(), 1u);
  auto c = store_->outbox_counts();
  EXPECT_EQ(c.sending, 1);
  EXPECT_EQ(c.pending, 5);
}

// One lane per subscriber: two targets feeding one chat give it one entry at a time, oldest
// queued first, and a head in backoff holds the chat's later posts from the other target too.
TEST_F(StoreTest, OutboxServesOneAtATimePerSubscriberAcrossTargets) {
  Id a = add_feed("https://a.example/feed");
  Id b = add_feed("https://b.example/feed");
  Id sa = add_jsonl(a, "/tmp/chat.jsonl");
  Id sb = add_jsonl(b, "/tmp/chat.jsonl");  // same subscriber
  ingest(store_->fetch_state(a), page(1, 1), true, 0, [&](const Post&) { return std::vector<Id>{sa}; });
  ingest(store_->fetch_state(b), page(2, 2), true, 0, [&](const Post&) { return std::vector<Id>{sb}; });
  auto now = std::chrono::system_clock::now() + std::chrono::seconds{1};
  auto due = store_->due_deliveries(now, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].subscription_id, sa);
  EXPECT_EQ(store_->pending_of_subscriber(store_->subscription(sa)->subscriber.id, 10).size(), 2u);
  store_->mark_sending(due[0].id);
  EXPECT_TRUE(store_->due_deliveries(now, 10).empty()) << "the chat has a send in flight";
  store_->mark_failed(due[0].id, "HTTP 500", now + std::chrono::seconds{60}, false);
  EXPECT_TRUE(store_->due_deliveries(now, 10).empty()) << "b's post waits behind a's retry";
  // The worker wakes for the retry, not for b's entry that has been due all along.
  auto next = store_->next_delivery_time(now);
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, std::chrono::floor<std::chrono::milliseconds>(now + std::chrono::seconds{60}));
  store_->mark_delivered(store_->due_deliveries(now + std::chrono::seconds{61}, 10).at(0).id, now);
  due = store_->due_deliveries(now, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].subscription_id, sb);
  EXPECT_FALSE(store_->next_delivery_time(now)) << "nothing becomes due later";
}

TEST_F(StoreTest, InterruptedSendsComeBackFlagged) {
  Id t = add_feed("https://a.example/feed");
  Id s = add_jsonl(t, "/tmp/1.jsonl");
  ingest(store_->fetch_state(t), page(1, 1), true, 0, [&](const Post&) { return std::vector<Id>{s}; });
  auto due = store_->due_deliveries(std::chrono::system_clock::now() + std::chrono::seconds{1}, 10);
  ASSERT_EQ(due.size(), 1u);
  store_->mark_sending(due[0].id);
  store_.reset();  // the process dies here
  store_ = open_sqlite_store(path_);
  EXPECT_EQ(store_->recover_interrupted(), 1);
  due = store_->due_deliveries(std::chrono::system_clock::now() + std::chrono::seconds{1}, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_TRUE(due[0].maybe_delivered);
  EXPECT_EQ(due[0].attempts, 1);
}

TEST_F(StoreTest, RefusesADatabaseFromTheFuture) {
  store_.reset();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  sqlite3_exec(raw, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  try {
    open_sqlite_store(path_);
    FAIL() << "opened a newer schema";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
  }
}

// The daemon and a CLI command may create the store at the same moment: both must open it, and
// the schema must be created once.
TEST_F(StoreTest, ManyProcessesMayCreateTheStoreAtOnce) {
  for (int round = 0; round < 5; ++round) {
    std::string path = (dir_ / ("race" + std::to_string(round) + ".db")).string();
    std::vector<std::thread> openers;
    std::atomic<int> opened{0};
    std::vector<std::string> errors(6);
    for (int i = 0; i < 6; ++i)
      openers.emplace_back([&, i] {
        try {
          auto s = open_sqlite_store(path);
          Target t;
          t.platform = "rss";
          t.key = "https://example.org/" + std::to_string(i);
          s->add_target(t);
          ++opened;
        } catch (const std::exception& e) {
          errors[static_cast<size_t>(i)] = e.what();
        }
      });
    for (auto& t : openers) t.join();
    for (const auto& e : errors) EXPECT_EQ(e, "");
    EXPECT_EQ(opened, 6);
    EXPECT_EQ(open_sqlite_store(path)->targets().size(), 6u);
  }
}

TEST_F(StoreTest, HealthShowsEachSubscriptionAndPruningForgetsOnlyOldDeliveries) {
  Id t = add_feed("https://a.example/feed");
  Id s1 = add_jsonl(t, "/tmp/1.jsonl");
  Id s2 = add_jsonl(t, "/tmp/2.jsonl");
  ingest(store_->fetch_state(t), page(1, 2), true, 0, [&](const Post&) { return std::vector<Id>{s1, s2}; });
  auto now = std::chrono::system_clock::now() + std::chrono::seconds{1};
  auto due = store_->due_deliveries(now, 10);
  ASSERT_EQ(due.size(), 2u);
  store_->mark_delivered(due[0].id, now - std::chrono::hours{24 * 30});  // s1's p1, long ago
  store_->mark_failed(due[1].id, "HTTP 502", now, /*dead=*/true);      // s2's p1
  auto health = store_->subscription_health();
  ASSERT_EQ(health.size(), 2u);
  EXPECT_EQ(health[0].counts.done, 1);
  EXPECT_EQ(health[0].counts.pending, 1);
  EXPECT_EQ(health[0].last_error, "");
  EXPECT_EQ(health[1].counts.dead, 1);
  EXPECT_EQ(health[1].last_error, "HTTP 502");
  EXPECT_EQ(store_->prune_delivered(now - std::chrono::hours{24 * 7}), 1);
  EXPECT_EQ(store_->outbox_counts().done, 0);
  EXPECT_EQ(store_->outbox_counts().dead, 1);  // dead letters are kept for a person to see
  EXPECT_EQ(store_->outbox_counts().pending, 2);
}

TEST_F(StoreTest, AtomicStepsSerializeAcrossConnectionsAndRollBackWhole) {
  // Read-then-insert from several connections at once, as two processes applying one config do.
  std::vector<std::thread> appliers;
  std::vector<std::string> errors(4);
  for (int i = 0; i < 4; ++i)
    appliers.emplace_back([&, i] {
      try {
        auto s = open_sqlite_store(path_);
        for (int k = 0; k < 20; ++k)
          s->atomically([&] {
            if (!s->find_target("rss", "https://example.org/" + std::to_string(k))) {
              Target t;
              t.platform = "rss";
              t.key = "https://example.org/" + std::to_string(k);
              s->add_target(t);
            }
          });
      } catch (const std::exception& e) {
        errors[static_cast<size_t>(i)] = e.what();
      }
    });
  for (auto& t : appliers) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(store_->targets().size(), 20u);

  // A failure anywhere inside undoes the whole step, nested transactions included.
  EXPECT_THROW(store_->atomically([&] {
    Target t;
    t.platform = "rss";
    t.key = "https://example.org/new";
    Id id = store_->add_target(t);
    Subscription sub;
    sub.target_id = id;
    sub.subscriber.kind = "jsonl";
    sub.subscriber.address = "/tmp/x";
    store_->add_subscription(sub);  // its own transaction, nested as a savepoint
    throw std::runtime_error("boom");
  }), std::runtime_error);
  EXPECT_FALSE(store_->find_target("rss", "https://example.org/new"));
  EXPECT_TRUE(store_->subscriptions().empty());
}

TEST_F(StoreTest, OutsideChangesMoveOnlyWhenAnotherConnectionCommits) {
  auto before = store_->outside_changes();
  add_feed("https://a.example/own-write");
  EXPECT_EQ(store_->outside_changes(), before) << "our own commits do not count";
  {
    auto other = open_sqlite_store(path_);
    Target t;
    t.platform = "rss";
    t.key = "https://b.example/cli-write";
    other->add_target(t);
  }
  EXPECT_NE(store_->outside_changes(), before);
}

TEST_F(StoreTest, FetchStatePersists) {
  Id t = add_feed("https://a.example/feed");
  FetchState f = store_->fetch_state(t);
  EXPECT_FALSE(f.initialized);
  f.etag = "\"v1\"";
  f.last_error = "HTTP 503";
  f.consecutive_errors = 2;
  f.initialized = true;
  f.next_fetch_at = TimePoint{std::chrono::seconds{1'800'000'000}};
  store_->save_fetch_state(f);
  store_.reset();
  store_ = open_sqlite_store(path_);
  FetchState back = store_->fetch_state(t);
  EXPECT_EQ(back.etag, "\"v1\"");
  EXPECT_EQ(back.consecutive_errors, 2);
  EXPECT_TRUE(back.initialized);
  EXPECT_EQ(back.next_fetch_at, f.next_fetch_at);
}

// Tenant isolation: what a private credential fetched is seen only by its owner's audience, so
// a later shared fetch still brings the same posts to everyone else, and nobody gets one twice.
TEST_F(StoreTest, PostsAreSeenPerAudience) {
  Id t = add_feed("https://a.example/feed");
  Id mine = add_jsonl(t, "/tmp/mine.jsonl");
  Id theirs = add_jsonl(t, "/tmp/theirs.jsonl");
  const auto now = std::chrono::system_clock::now();
  auto r = store_->ingest(store_->fetch_state(t), page(1, 3), true, 0,
                          [&](const Post&) { return std::vector<Id>{mine}; }, now, /*audience=*/7);
  EXPECT_EQ(r.new_posts.size(), 3u);
  EXPECT_EQ(r.queued, 3);
  r = store_->ingest(store_->fetch_state(t), page(1, 4), true, 0,
                     [&](const Post&) { return std::vector<Id>{mine, theirs}; }, now, kEveryone);
  EXPECT_EQ(r.new_posts.size(), 4u) << "the shared audience had seen none of them";
  EXPECT_EQ(r.queued, 5) << "p1..p4 to theirs, only p4 to mine";
  EXPECT_EQ(store_->outbox_of(mine).size(), 4u);
  EXPECT_EQ(store_->outbox_of(theirs).size(), 4u);
  r = store_->ingest(store_->fetch_state(t), page(1, 4), true, 0,
                     [&](const Post&) { return std::vector<Id>{mine}; }, now, 7);
  EXPECT_EQ(r.new_posts.size(), 1u) << "p4 was new to audience 7 only";
  EXPECT_EQ(r.queued, 0);
}

TEST_F(StoreTest, UnseenAnswersPerAudienceWithoutRecording) {
  Id t = add_feed("https://a.example/feed");
  Id sub = add_jsonl(t, "/tmp/o.jsonl");
  ingest(store_->fetch_state(t), page(1, 2), true, 0, [&](const Post&) { return std::vector<Id>{sub}; });
  EXPECT_EQ(store_->unseen(t, kEveryone, {"p1", "p2", "p3"}), (std::vector<std::string>{"p3"}));
  EXPECT_EQ(store_->unseen(t, kEveryone, {"p3"}), (std::vector<std::string>{"p3"})) << "asking records nothing";
  EXPECT_EQ(store_->unseen(t, 7, {"p1"}), (std::vector<std::string>{"p1"})) << "another audience has seen nothing";
}

TEST_F(StoreTest, ANoticeReachesEachSubscriberOfTheTenantOnce) {
  Id a = add_feed("https://a.example/feed");
  Id b = add_feed("https://b.example/feed");
  Id s1 = add_jsonl(a, "/tmp/1.jsonl");
  Id s1b = add_jsonl(b, "/tmp/1.jsonl");  // the same subscriber (file) on another target
  Id s2 = add_jsonl(b, "/tmp/2.jsonl");
  Subscription other;
  other.target_id = a;
  other.subscriber.kind = "jsonl";
  other.subscriber.address = "/tmp/other.jsonl";
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "INSERT INTO tenants (id, name, created_at) VALUES (2, 'other', 0)", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  other.subscriber.tenant_id = 2;
  Id s3 = store_->add_subscription(other);
  Post notice;
  notice.id = "gather/credential-expired/3";
  notice.title = "credential 3 is logged out";
  const auto now = std::chrono::system_clock::now();
  EXPECT_EQ(store_->queue_notice(kDefaultTenant, notice, now), 2);
  EXPECT_EQ(store_->queue_notice(kDefaultTenant, notice, now), 0) << "queued twice";
  EXPECT_EQ(store_->outbox_of(s1).size(), 1u);
  EXPECT_TRUE(store_->outbox_of(s1b).empty()) << "one subscriber told twice";
  EXPECT_EQ(store_->outbox_of(s2).size(), 1u);
  EXPECT_TRUE(store_->outbox_of(s3).empty()) << "another tenant was told";
}

// A store written by the release before audiences (schema 2) keeps its seen posts: nothing is
// pushed again after the upgrade.
TEST_F(StoreTest, UpgradingFromSchemaTwoKeepsSeenPosts) {
  Id t = add_feed("https://a.example/feed");
  Id sub = add_jsonl(t, "/tmp/o.jsonl");
  store_.reset();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  std::string v2 =
      "DROP TABLE seen_posts;"
      "CREATE TABLE seen_posts (target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE, post_id TEXT "
      "NOT NULL, seen_seq INTEGER NOT NULL, published INTEGER, PRIMARY KEY (target_id, post_id)) WITHOUT ROWID;"
      "CREATE INDEX seen_posts_by_age ON seen_posts (target_id, seen_seq);"
      "INSERT INTO seen_posts VALUES (" + std::to_string(t) + ",'p1',1,NULL),(" + std::to_string(t) + ",'p2',2,NULL);"
      "ALTER TABLE fetch_state DROP COLUMN platform_state;"  // added by version 4
      "DROP TABLE telegram_chats; DROP TABLE telegram_resolves; DROP TABLE telegram_joins;"  // added by version 5
      "ALTER TABLE targets DROP COLUMN join_chat;"
      "PRAGMA user_version = 2;";
  ASSERT_EQ(sqlite3_exec(raw, v2.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  store_ = open_sqlite_store(path_, SqliteStoreOptions{.seen_per_target = 10});
  auto r = ingest(store_->fetch_state(t), page(1, 3), true, 0, [&](const Post&) { return std::vector<Id>{sub}; });
  ASSERT_EQ(r.new_posts.size(), 1u);
  EXPECT_EQ(r.new_posts[0].id, "p3");
}

}  // namespace
