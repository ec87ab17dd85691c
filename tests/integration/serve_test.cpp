// `gather serve` against the simulator, as separate processes: every published post reaches
// every subscription exactly once, through restarts, SIGTERM drains and kill -9 crashes.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sim_harness.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

constexpr int kFeeds = 6;
constexpr int kHooked = 3;  // feeds 0..2 also push to a webhook

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    sim_ = std::make_unique<SimProcess>(dir_, kFeeds, "s3cret");
  }
  // Kept when a test fails: the logs in it are what a person reads next.
  void TearDown() override {
    sim_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  void write_config(const std::string& extra_target_keys = "", int backfill_feed = -1) {
    std::ofstream cfg(dir_ + "/gather.toml");
    cfg << "data = \"data\"\ndrain_timeout = \"5s\"\n"
        << "[schedule]\nmin_interval = \"150ms\"\nanonymous = { rss = \"200/1s\" }\n"
        << "[delivery]\nretry_base = \"50ms\"\nretry_cap = \"400ms\"\nmax_attempts = 20\n";
    for (int i = 0; i < kFeeds; ++i) {
      cfg << "[[target]]\nname = \"f" << i << "\"\nurl = \"" << sim_->feed_url(i) << "\"\n" << extra_target_keys;
      if (i == backfill_feed) cfg << "backfill = 2\n";
      cfg << "[[subscription]]\ntarget = \"f" << i << "\"\nto = \"jsonl:out.jsonl\"\n";
      if (i < kHooked)
        cfg << "[[subscription]]\ntarget = \"f" << i << "\"\nto = \"webhook:" << sim_->base()
            << "/hook/w\"\nsecret = \"s3cret\"\n";
    }
  }

  std::unique_ptr<Child> start_gather() {
    return std::make_unique<Child>(
        std::vector<std::string>{gather_binary(), "--config", dir_ + "/gather.toml", "serve"}, dir_ + "/gather.log");
  }

  json::object status() {
    auto r = run({gather_binary(), "--config", dir_ + "/gather.toml", "--json", "status"});
    if (r.exit_code != 0) throw std::runtime_error("status failed: " + r.err);
    return json::parse(r.out).as_object();
  }

  bool all_fetched_once() {
    auto s = status();
    for (const auto& t : s.at("targets").as_array())
      if (t.at("fetches").as_int64() == 0) return false;
    return true;
  }

  std::size_t lines() {
    std::string text = read_file(dir_ + "/out.jsonl");
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  }

  void publish_round(int per_feed) {
    for (int i = 0; i < kFeeds; ++i) sim_->publish(i, per_feed);
  }

  // Each (subscription, post) in the jsonl file exactly once, and exactly the published posts.
  void expect_jsonl_exactly_once() {
    auto truth = sim_->posts();
    std::map<std::pair<std::int64_t, std::string>, int> seen;
    std::map<std::int64_t, std::set<std::string>> by_target;
    for (const auto& line : jsonl_lines(dir_ + "/out.jsonl")) {
      std::string id(line.at("post").at("id").as_string());
      ++seen[{line.at("subscription").as_int64(), id}];
      by_target[line.at("target").as_int64()].insert(id);
    }
    for (const auto& [key, n] : seen) EXPECT_EQ(n, 1) << "subscription " << key.first << " got " << key.second << " " << n << " times";
    // Targets are declared in feed order, so target i+1 watches feed i.
    for (int i = 0; i < kFeeds; ++i) EXPECT_EQ(by_target[i + 1], truth[i]) << "feed " << i;
  }

  std::string log() { return read_file(dir_ + "/gather.log"); }

  std::string dir_;
  std::unique_ptr<SimProcess> sim_;
};

TEST_F(ServeTest, EveryPostArrivesExactlyOnceAcrossKill9AndRestart) {
  write_config();
  auto gather = start_gather();
  ASSERT_TRUE(eventually([&] { return all_fetched_once(); })) << log();

  publish_round(3);
  ASSERT_TRUE(eventually([&] { return lines() == 18 && sim_->hook("w").size() == 9; })) << log();

  // Crash while a delivery of the second round is under way: the receiver records a webhook call
  // and then holds its answer for 3 s, so once it has recorded one, that send is in flight.
  sim_->fault("hook=w&kind=slow&delay_ms=3000&count=3");
  publish_round(3);
  ASSERT_TRUE(eventually([&] { return sim_->hook("w").size() > 9; }, std::chrono::seconds{20})) << log();
  gather->signal(SIGKILL);
  EXPECT_EQ(gather->wait(), 128 + SIGKILL);

  publish_round(2);  // published while gather is down: caught up on restart
  gather = start_gather();
  publish_round(1);
  const std::size_t total = kFeeds * (3 + 3 + 2 + 1);
  ASSERT_TRUE(eventually([&] { return lines() >= total; }, std::chrono::seconds{30})) << log();

  // Let a few more fetch cycles pass: nothing may arrive twice later either.
  auto fetches = [&] {
    std::int64_t n = 0;
    auto s = status();
    for (const auto& t : s.at("targets").as_array()) n += t.at("fetches").as_int64();
    return n;
  };
  auto before = fetches();
  ASSERT_TRUE(eventually([&] { return fetches() >= before + 2 * kFeeds; }));
  EXPECT_EQ(lines(), total);
  expect_jsonl_exactly_once();

  // Webhook: every post of the hooked feeds delivered, signed; a resend after the crash carries
  // the same idempotency key, so receivers can drop it.
  auto truth = sim_->posts();
  std::set<std::string> want;
  for (int i = 0; i < kHooked; ++i) want.insert(truth[i].begin(), truth[i].end());
  ASSERT_TRUE(eventually([&] {
    std::set<std::string> got;
    auto deliveries = sim_->hook("w");
    for (const auto& d : deliveries) got.insert(std::string(d.at("body").at("post").at("id").as_string()));
    return got == want;
  })) << log();
  std::map<std::string, std::string> key_to_post;
  std::size_t resent = 0;
  auto deliveries = sim_->hook("w");
  for (const auto& d : deliveries) {
    EXPECT_TRUE(d.at("signature_ok").as_bool());
    std::string key(d.at("headers").at("x-gather-delivery").as_string());
    std::string post(d.at("body").at("post").at("id").as_string());
    auto [it, fresh] = key_to_post.emplace(key, post);
    if (!fresh) {
      ++resent;
      EXPECT_EQ(it->second, post) << "one key, two posts";
    }
  }
  EXPECT_EQ(key_to_post.size(), want.size());
  EXPECT_LE(resent, static_cast<std::size_t>(kHooked)) << "at most one send in flight per subscription at the crash";
  EXPECT_NE(log().find("interrupted by a stop; resending"), std::string::npos) << "the crash hit no send";
}

TEST_F(ServeTest, SigtermDrainsAndASecondStartCatchesUp) {
  write_config();
  auto gather = start_gather();
  ASSERT_TRUE(eventually([&] { return all_fetched_once(); })) << log();
  publish_round(2);
  ASSERT_TRUE(eventually([&] { return lines() == 2 * kFeeds; })) << log();
  gather->signal(SIGTERM);
  EXPECT_EQ(gather->wait(std::chrono::seconds{10}), 0);
  EXPECT_NE(log().find("drained"), std::string::npos) << log();

  publish_round(4);  // while stopped
  gather = start_gather();
  ASSERT_TRUE(eventually([&] { return lines() == 6 * kFeeds; })) << log();
  gather->signal(SIGTERM);
  EXPECT_EQ(gather->wait(std::chrono::seconds{10}), 0);
  expect_jsonl_exactly_once();
}

TEST_F(ServeTest, FirstFetchRecordsExistingPostsAndBackfillPushesSome) {
  publish_round(5);  // already there before gather ever looks
  write_config("", /*backfill_feed=*/0);
  auto gather = start_gather();
  ASSERT_TRUE(eventually([&] { return all_fetched_once(); })) << log();
  ASSERT_TRUE(eventually([&] { return lines() == 2; })) << log();
  sim_->publish(1, 1);
  ASSERT_TRUE(eventually([&] { return lines() == 3; })) << log();
  auto rows = jsonl_lines(dir_ + "/out.jsonl");
  EXPECT_EQ(rows[0].at("target").as_int64(), 1);
  EXPECT_EQ(rows[1].at("target").as_int64(), 1);
  EXPECT_EQ(rows[2].at("target").as_int64(), 2);
  // Backfill delivers oldest first: the two newest of feed 0, in publication order.
  auto truth = sim_->posts();
  EXPECT_NE(rows[0].at("post").at("id"), rows[1].at("post").at("id"));
}

TEST_F(ServeTest, PlatformFaultsAndFailingWebhooksDelayButLoseNothing) {
  write_config();
  auto gather = start_gather();
  ASSERT_TRUE(eventually([&] { return all_fetched_once(); })) << log();
  sim_->fault("feed=0&kind=503&count=3");
  sim_->fault("feed=1&kind=malformed&count=2");
  sim_->fault("feed=2&kind=429&count=1&retry_after=1");
  sim_->fault("feed=4&kind=truncated&count=2");
  sim_->fault("hook=w&kind=500&count=4");
  publish_round(2);
  ASSERT_TRUE(eventually([&] { return lines() == 2 * kFeeds; }, std::chrono::seconds{40})) << log();
  expect_jsonl_exactly_once();
  ASSERT_TRUE(eventually([&] { return sim_->hook("w").size() >= 2 * kHooked; })) << log();
  // The errors were seen and reported once each, then cleared.
  std::string text = log();
  EXPECT_NE(text.find("HTTP 503"), std::string::npos) << text;
  EXPECT_NE(text.find("parse:"), std::string::npos) << text;
  EXPECT_NE(text.find("fetching again"), std::string::npos) << text;
  auto final_status = status();
  for (const auto& t : final_status.at("targets").as_array()) EXPECT_TRUE(t.at("error").is_null()) << json::serialize(t);
  gather->signal(SIGTERM);
  EXPECT_EQ(gather->wait(std::chrono::seconds{10}), 0);
}

TEST_F(ServeTest, ATargetRemovedWhileBeingFetchedDoesNotStopTheDaemon) {
  write_config();
  auto gather = start_gather();
  ASSERT_TRUE(eventually([&] { return all_fetched_once(); })) << log();
  auto requests_of_feed0 = [&] { return sim_->call("GET", "/_sim/stats").at("by_feed").at("0").at("requests").as_int64(); };
  auto before = requests_of_feed0();
  sim_->fault("feed=0&kind=slow&delay_ms=1500&count=1");
  sim_->publish(0, 1);
  // The slow request has reached the platform: the fetch is in flight. Remove its target now.
  ASSERT_TRUE(eventually([&] { return requests_of_feed0() > before; })) << log();
  auto rm = run({gather_binary(), "--data", dir_ + "/data", "target", "rm", "1"});
  ASSERT_EQ(rm.exit_code, 0) << rm.err;
  ASSERT_TRUE(eventually([&] { return log().find("target 1 was removed while being fetched") != std::string::npos; }))
      << log();
  // ... and the daemon goes on serving the others.
  sim_->publish(1, 1);
  ASSERT_TRUE(eventually([&] { return lines() == 1; })) << log();
  gather->signal(SIGTERM);
  EXPECT_EQ(gather->wait(std::chrono::seconds{10}), 0) << log();
  EXPECT_EQ(log().find("error"), std::string::npos) << log();
}

TEST_F(ServeTest, ATargetAddedFromTheCliWhileServingIsPickedUp) {
  write_config();
  auto gather = start_gather();
  ASSERT_TRUE(eventually([&] { return all_fetched_once(); })) << log();
  // Not in the config: added by another process against the same store.
  std::string data = dir_ + "/data";
  std::string url = sim_->base() + "/feeds/0.xml?via=cli";  // same feed, a different target key
  auto add = run({gather_binary(), "--data", data, "target", "add", "rss", url, "--interval", "150ms"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  std::string id = add.out.substr(0, add.out.find('\n'));
  ASSERT_EQ(run({gather_binary(), "--data", data, "sub", "add", "--target", id, "--to", "jsonl:" + dir_ + "/cli.jsonl"}).exit_code, 0);
  ASSERT_TRUE(eventually([&] { return log().find("target " + id + " (") != std::string::npos; })) << log();
  sim_->publish(0, 2);
  ASSERT_TRUE(eventually([&] { return jsonl_lines(dir_ + "/cli.jsonl").size() == 2; })) << log();
  gather->signal(SIGTERM);
  EXPECT_EQ(gather->wait(std::chrono::seconds{10}), 0);
}

}  // namespace

// A pin is kept within the budgets; when a budget forbids it, `status` says so beside the real
// next fetch instead of promising one that will not happen.
TEST_F(ServeTest, StatusSaysWhenABudgetHoldsAPinnedTargetBack) {
  {
    std::ofstream cfg(dir_ + "/gather.toml");
    cfg << "data = \"data\"\ndrain_timeout = \"5s\"\n"
        << "[schedule]\nmin_interval = \"100ms\"\nanonymous = { rss = \"30/1m\" }\n";
    for (int i = 0; i < 3; ++i)
      cfg << "[[target]]\nname = \"f" << i << "\"\nurl = \"" << sim_->feed_url(i) << "\"\ninterval = \"500ms\"\n";
  }
  auto gather = start_gather();
  // One request every 2 s for three targets pinned at 500 ms: after the first fetches, the
  // budget decides when the next one goes (each target about every 6 s).
  json::object s;
  ASSERT_TRUE(eventually([&] {
    s = status();
    for (const auto& t : s.at("targets").as_array())
      if (!t.at("held_by_budget").as_bool()) return false;
    return true;
  })) << json::serialize(s) << log();
  for (const auto& t : s.at("targets").as_array()) EXPECT_EQ(t.at("pinned_interval_s").as_double(), 0.5);
  auto table = run({gather_binary(), "--config", dir_ + "/gather.toml", "status"});
  EXPECT_NE(table.out.find("(budget; pinned 500ms)"), std::string::npos) << table.out;
  gather->signal(SIGTERM);
  EXPECT_EQ(gather->wait(std::chrono::seconds{10}), 0);
}
