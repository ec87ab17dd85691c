// `gather serve` on Bilibili users played by the simulator (mid 200000+N shows feed N's posts as
// space dynamics): the WBI keys come from nav before the first fetch and every request is signed,
// posts arrive once each, a burst longer than a page is paged back with offset, and -799/-412
// rest the anonymous budget without losing anything.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/bilibili_format.h"
#include "sim_harness.h"

using namespace gather::testing;

namespace {

class BilibiliServeTest : public ServeFixture {
 protected:
  void start_sim(std::vector<std::string> extra = {}) { ServeFixture::start_sim(2, extra); }
  void start_gather(const std::string& anonymous_budget) {
    write_bilibili_config(anonymous_budget);
    ServeFixture::start_gather(kStep);
  }
  void write_bilibili_config(const std::string& anonymous_budget) {
    std::ostringstream cfg;
    cfg << "data = \"data\"\ndrain_timeout = \"5s\"\n"
        << "[schedule]\nmin_interval = \"200ms\"\nanonymous = { bilibili = \"" << anonymous_budget << "\" }\n"
        << "[platform.bilibili]\nbase_url = \"" << sim_->base() << "\"\n";
    for (int i = 0; i < 2; ++i)
      cfg << "[[target]]\nname = \"u" << i << "\"\nplatform = \"bilibili\"\nurl = \"" << gather::sim::bilibili_mid(i)
          << "\"\n[[subscription]]\ntarget = \"u" << i << "\"\nto = \"jsonl:out.jsonl\"\n";
    write_config(cfg.str());
  }
  // The simulator keeps virtual time: its rate windows and bans only pass as the test moves it,
  // here by 0.05 s per poll (about twice real time).
  static constexpr double kStep = 0.05;
  void advance() { ServeFixture::advance(kStep); }
  // Dynamic ids per user ("Sim up N"), each checked to be there once.
  std::map<std::string, std::set<std::string>> delivered() {
    std::map<std::string, std::set<std::string>> out;
    if (!std::filesystem::exists(dir_ + "/out.jsonl")) return out;
    for (const auto& line : jsonl_lines(dir_ + "/out.jsonl")) {
      const auto& post = line.at("post").as_object();
      std::string id(post.at("id").as_string());
      EXPECT_TRUE(out[std::string(post.at("author").as_string())].insert(id).second) << id << " delivered twice";
    }
    return out;
  }
  std::size_t count(int feed) { return delivered()[gather::sim::bilibili_up_name(feed)].size(); }
  // Every post of `feed` the simulator has, as dynamic ids.
  std::set<std::string> truth(int feed) {
    std::set<std::string> ids;
    for (std::size_t k = 0; k < sim_->posts()[feed].size(); ++k)
      ids.insert(gather::sim::bilibili_dynamic_id(feed, static_cast<int>(k)));
    return ids;
  }
  boost::json::value anonymous_pool() { return sim_->call("GET", "/_sim/bilibili/state").at("pools").at("anonymous"); }
};

TEST_F(BilibiliServeTest, KeysFirstThenPostsOnceAndABurstIsPagedBack) {
  start_sim();
  start_gather("20/1s");
  const std::string text = log();
  const auto keys_at = text.find("bilibili: refreshed what its requests need");
  ASSERT_NE(keys_at, std::string::npos) << text;
  EXPECT_LT(keys_at, text.find("first fetch recorded")) << "nav before the first fetch\n" << text;
  EXPECT_EQ(text.find("told to slow down"), std::string::npos) << "a signed request met risk control\n" << text;

  sim_->publish(0, 3);
  ASSERT_TRUE(eventually([&] {
    advance();
    return count(0) == 3;
  })) << log();
  // 30 posts between two looks: the newest page shows 12, two pages back with offset bring the rest.
  sim_->publish(1, 30);
  ASSERT_TRUE(eventually([&] {
    advance();
    return count(1) == 30;
  })) << log();
  auto got = delivered();
  EXPECT_EQ(got[gather::sim::bilibili_up_name(0)], truth(0));
  EXPECT_EQ(got[gather::sim::bilibili_up_name(1)], truth(1));
  const auto pool = anonymous_pool();
  EXPECT_EQ(pool.at("unsigned").as_int64(), 0) << "every request carries a valid w_rid";
  EXPECT_EQ(pool.at("refused").as_int64(), 0);
}

TEST_F(BilibiliServeTest, TooFrequentRestsTheAnonymousBudgetAndNothingIsLost) {
  // The site allows 2 requests per 2 s and bans for 1 s beyond; gather thinks it may do 20 a second.
  start_sim({"--bilibili-anon-limit", "2", "--bilibili-anon-window", "2", "--bilibili-ban", "1"});
  start_gather("20/1s");
  // Rounds faster than the site allows: every round needs a look at both users.
  std::size_t expected = 0;
  for (int round = 0; round < 3; ++round) {
    sim_->publish(0, 2);
    sim_->publish(1, 2);
    expected += 2;
    ASSERT_TRUE(eventually(
                    [&] {
                      advance();
                      return count(0) == expected && count(1) == expected;
                    },
                    std::chrono::seconds{30}))
        << "round " << round << "\n" << log();
  }
  auto got = delivered();
  EXPECT_EQ(got[gather::sim::bilibili_up_name(0)], truth(0));
  EXPECT_EQ(got[gather::sim::bilibili_up_name(1)], truth(1));
  EXPECT_NE(log().find("the anonymous budget of bilibili told to slow down"), std::string::npos) << log();
  EXPECT_GT(anonymous_pool().at("refused").as_int64(), 0);
}

// A shared cookie the simulator logs out mid-run (-101): gather marks it expired, tells its owner
// once, and the users go on being fetched anonymously.
TEST_F(BilibiliServeTest, ACookieLoggedOutMidRunIsExpiredItsOwnerToldAndPostsGoOn) {
  start_sim();
  sim_->call("POST", "/_sim/bilibili/cookie?value=SESSDATA%3Dsim&limit=600&window=60");
  write_bilibili_config("20/1s");
  auto added = run({gather_binary(), "--config", config(), "cred", "add", "--platform", "bilibili", "--cookie",
                    "SESSDATA=sim", "--scope", "shared", "--limit", "20/1s"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string id = added.out.substr(0, added.out.find('\n'));
  ServeFixture::start_gather(kStep);
  auto pool = [&] { return sim_->call("GET", "/_sim/bilibili/state").at("pools").at("SESSDATA=sim"); };
  auto state = [&] {
    auto r = run({gather_binary(), "--config", config(), "--json", "cred", "ls"});
    const auto doc = boost::json::parse(r.out);
    for (const auto& c : doc.as_array())
      if (std::to_string(c.at("id").as_int64()) == id) return std::string(c.at("state").as_string());
    return std::string("missing");
  };
  for (int i = 0; i < 2; ++i) sim_->publish(i, 3);
  ASSERT_TRUE(eventually([&] {
    advance();
    return count(0) == 3 && count(1) == 3 && pool().at("requests").as_int64() > 0;
  })) << log();

  sim_->call("POST", "/_sim/bilibili/expire?value=SESSDATA%3Dsim");
  for (int i = 0; i < 2; ++i) sim_->publish(i, 3);
  const std::string notice = "gather/credential-expired/" + id;
  ASSERT_TRUE(eventually(
      [&] {
        advance();
        return count(0) == 6 && count(1) == 6 && delivered()["gather"].count(notice) == 1 && state() == "expired";
      },
      std::chrono::seconds{15}))
      << log();
  EXPECT_EQ(delivered()["gather"].size(), 1u) << "the owner is told once";
  EXPECT_NE(log().find("credential " + id + " is logged out"), std::string::npos) << log();
  for (int i = 0; i < 2; ++i) EXPECT_EQ(delivered()[gather::sim::bilibili_up_name(i)], truth(i)) << i;
}

}  // namespace
