// `gather serve` on Weibo users played by the simulator (uid 100000+i shows feed i's posts), with
// cookies added by `gather cred add`: posts arrive once each, fans-only ones through a cookie;
// a cookie that trips risk control (412, then 418 while banned) rests while the others carry on;
// a cookie logged out mid-run (302 to the login page) is marked expired and its owner told.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim_harness.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

constexpr int kUsers = 2;
// The two cookies the tests log in with: the values gather sends as the Cookie header, and the
// same URL-encoded for the simulator's admin endpoint.
const std::string kCookieA = "SUB=aaa";
const std::string kCookieB = "SUB=bbb";
std::string encoded(const std::string& cookie) {
  std::string out;
  for (char c : cookie) out += c == '=' ? std::string("%3D") : std::string(1, c);  // enough for SUB=...
  return out;
}

struct TruePost {
  int feed = 0;
  bool fans_only = false;
  bool long_text = false;
};

class WeiboServeTest : public ServeFixture {
 protected:
  // `anonymous` is gather's anonymous budget for weibo; the cookies get 20/1s each. An anonymous
  // fetch never shows fans-only posts, so the scheduler sends every third fetch of a Weibo
  // target through a session whatever the plan says (FansOnlyPostsOfEveryUserWithEqualBudgets).
  void start_sim(std::vector<std::string> extra = {}, const std::string& anonymous = "2/1s") {
    ServeFixture::start_sim(kUsers, extra);
    write_weibo_config(anonymous);
  }
  // The simulator's side of a login: the cookie exists, with its own budget in simulated time.
  void sim_login(const std::string& cookie, int limit, int window_s) {
    sim_->call("POST", "/_sim/weibo/cookie?value=" + encoded(cookie) + "&limit=" + std::to_string(limit) +
                           "&window=" + std::to_string(window_s));
  }
  // gather's side: a shared cookie of the default tenant (who owns the subscriptions too), which
  // gather believes may make 100 requests a second. Returns its id.
  std::string cred_add(const std::string& cookie) {
    auto r = run({gather_binary(), "--config", config(), "cred", "add", "--platform", "weibo", "--cookie", cookie,
                  // Room for a round's long-text requests in one burst: with less, a slow (ASan)
                  // run has the budget refuse them and long posts are, rightly, stored cut.
                  "--scope", "shared", "--limit", "100/1s"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }
  void write_weibo_config(const std::string& anonymous) {
    std::ostringstream cfg;
    cfg << "data = \"data\"\ndrain_timeout = \"5s\"\n"
        << "[schedule]\nmin_interval = \"200ms\"\nanonymous = { weibo = \"" << anonymous << "\" }\n"
        << "[delivery]\nretry_base = \"50ms\"\nretry_cap = \"400ms\"\n"
        << "[platform.weibo]\nbase_url = \"" << sim_->base() << "\"\n";
    for (int i = 0; i < kUsers; ++i)
      cfg << "[[target]]\nname = \"u" << i << "\"\nplatform = \"weibo\"\nurl = \"" << 100000 + i << "\"\n"
          << "[[subscription]]\ntarget = \"u" << i << "\"\nto = \"jsonl:out.jsonl\"\n";
    write_config(cfg.str());
  }
  void start_gather() {
    gather_ = std::make_unique<Child>(std::vector<std::string>{gather_binary(), "--config", config(), "serve"},
                                      dir_ + "/gather.log");
    ASSERT_TRUE(eventually([&] { return fetched_all(); })) << diagnosis();
  }
  // `gather cred ls --json`, by id.
  std::map<std::string, json::object> creds() {
    auto r = run({gather_binary(), "--config", config(), "--json", "cred", "ls"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, json::object> out;
    const auto doc = json::parse(r.out);  // kept alive: the loop walks into it
    for (const auto& c : doc.as_array())
      out[std::to_string(c.at("id").as_int64())] = c.as_object();
    return out;
  }
  // The simulator's ground truth: every post by mid.
  std::map<std::string, TruePost> truth() {
    std::map<std::string, TruePost> out;
    auto all = sim_->call("GET", "/_sim/posts");
    for (const auto& p : all.at("posts").as_array()) {
      const auto& w = p.at("weibo");
      out[std::string(w.at("mid").as_string())] = {static_cast<int>(p.at("feed").as_int64()),
                                                   w.at("fans_only").as_bool(), w.at("long_text").as_bool()};
    }
    return out;
  }
  // Delivered posts by id, each checked to reach a subscription at most once.
  std::map<std::string, json::object> delivered() { return delivered_to().first; }
  // The same, and the subscriptions each post reached.
  std::pair<std::map<std::string, json::object>, std::map<std::string, std::set<std::int64_t>>> delivered_to() {
    std::map<std::string, json::object> posts;
    std::map<std::string, std::set<std::int64_t>> to;
    if (!std::filesystem::exists(dir_ + "/out.jsonl")) return {posts, to};
    for (const auto& line : jsonl_lines(dir_ + "/out.jsonl")) {
      const std::string id(line.at("post").at("id").as_string());
      const std::int64_t sub = line.at("subscription").as_int64();
      EXPECT_TRUE(to[id].insert(sub).second) << id << " delivered twice to subscription " << sub;
      posts[id] = line.at("post").as_object();
    }
    return {posts, to};
  }
  // Every published post delivered (the notices aside).
  bool all_delivered() {
    const auto got = delivered();
    for (const auto& [mid, p] : truth())
      if (!got.count(mid)) return false;
    return true;
  }
  // The simulator keeps virtual time: rate windows and bans only move as the test moves them, here
  // by 0.05 s per poll (about twice real time).
  bool advance_and(const std::function<bool()>& done) {
    sim_->call("POST", "/_sim/advance?s=0.05");
    return done();
  }
  json::object sim_cookie(const std::string& cookie) {
    return sim_->call("GET", "/_sim/weibo/cookies").at("cookies").at(cookie).as_object();
  }
  // What a person needs when a wait fails: the simulator's view of each session, then gather's log.
  std::string diagnosis() {
    std::string sessions;
    try {
      sessions = json::serialize(sim_->call("GET", "/_sim/weibo/cookies"));
    } catch (const std::exception& e) {
      sessions = e.what();
    }
    return "simulator sessions: " + sessions + "\n" + log();
  }

};

TEST_F(WeiboServeTest, NewPostsArriveOnceFansOnlyThroughTheCookieLongOnesWhole) {
  start_sim();
  sim_login(kCookieA, 600, 60);
  cred_add(kCookieA);
  start_gather();
  for (int round = 0; round < 2; ++round) {
    // 8 per user: one of each 7 is fans-only, one of each 3 long, one of each 5 has a picture.
    for (int i = 0; i < kUsers; ++i) sim_->publish(i, 8);
    ASSERT_TRUE(eventually([&] { return advance_and([&] { return all_delivered(); }); }, std::chrono::seconds{10}))
        << "round " << round << "\n" << diagnosis();
  }
  const auto truth_now = truth();
  const auto got = delivered();
  EXPECT_EQ(got.size(), truth_now.size());
  int fans_only = 0, truncated = 0, pictures = 0;
  for (const auto& [mid, t] : truth_now) {
    const json::object& p = got.at(mid);
    fans_only += t.fans_only;
    // Long posts arrive whole: the conveyor fetched statuses/extend before storing them.
    EXPECT_FALSE(p.at("truncated").as_bool()) << mid;
    const std::string text(p.at("text").as_string());
    if (t.long_text) {
      ++truncated;
      EXPECT_FALSE(text.ends_with(" ...")) << text;
    }
    EXPECT_EQ(p.at("author").as_string(), "Sim user " + std::to_string(t.feed)) << mid;
    EXPECT_EQ(std::string(p.at("url").as_string()).rfind("https://weibo.com/" + std::to_string(100000 + t.feed) + "/", 0),
              0u);
    pictures += !p.at("media").as_array().empty();
  }
  EXPECT_EQ(fans_only, 2 * kUsers);  // k = 6 and 13 of each user
  EXPECT_GT(truncated, 0);
  EXPECT_GT(pictures, 0);
}

TEST_F(WeiboServeTest, ACookieTrippingRiskControlRestsAndTheOthersCarryOn) {
  // Cookie A may make 2 requests a minute (gather believes 20 a second); a 412 bans it for 30 s.
  start_sim({"--weibo-ban", "30"});
  sim_login(kCookieA, 2, 60);
  sim_login(kCookieB, 600, 60);
  const std::string a = cred_add(kCookieA);
  const std::string b = cred_add(kCookieB);
  start_gather();
  bool saw_cooldown = false;
  auto watch = [&] {
    auto c = creds();
    if (c.count(a) && c.at(a).at("state").as_string() == "cooldown") saw_cooldown = true;
  };
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < kUsers; ++i) sim_->publish(i, 4);
    ASSERT_TRUE(eventually(
                    [&] {
                      return advance_and([&] {
                        watch();
                        return all_delivered();
                      });
                    },
                    std::chrono::seconds{10}))
        << "round " << round << "\n" << diagnosis();
  }
  // Back from its first rest, A finds the ban still on (418) and rests longer; posts keep coming.
  ASSERT_TRUE(eventually(
                  [&] {
                    return advance_and([&] {
                      watch();
                      return sim_cookie(kCookieA).at("refused").as_int64() >= 2;
                    });
                  },
                  std::chrono::seconds{10}))
      << diagnosis();
  for (int i = 0; i < kUsers; ++i) sim_->publish(i, 4);
  ASSERT_TRUE(eventually([&] { return advance_and([&] { return all_delivered(); }); }, std::chrono::seconds{10}))
      << diagnosis();

  const json::object sim_a = sim_cookie(kCookieA);
  const json::object sim_b = sim_cookie(kCookieB);
  EXPECT_GT(sim_b.at("served").as_int64(), 0) << json::serialize(sim_b);
  const std::string said = "credential " + a + " told to slow down (HTTP 41";
  EXPECT_NE(log().find(said + "2: Weibo risk control)"), std::string::npos) << log();
  EXPECT_NE(log().find(said + "8: Weibo risk control)"), std::string::npos) << log();
  EXPECT_TRUE(saw_cooldown) << "cred ls never showed credential " << a << " in cooldown";
  // Resting means not knocking on: a handful of refusals, not one per fetch.
  EXPECT_LE(sim_a.at("refused").as_int64(), 6) << json::serialize(sim_a) << "\n" << log();
  EXPECT_EQ(creds().at(b).at("state").as_string(), "ok");
}

TEST_F(WeiboServeTest, ACookieLoggedOutMidRunIsExpiredAndItsOwnerTold) {
  start_sim();
  sim_login(kCookieA, 600, 60);
  sim_login(kCookieB, 600, 60);
  const std::string a = cred_add(kCookieA);
  const std::string b = cred_add(kCookieB);
  start_gather();
  for (int i = 0; i < kUsers; ++i) sim_->publish(i, 3);
  ASSERT_TRUE(eventually([&] { return advance_and([&] { return all_delivered(); }); }, std::chrono::seconds{10}))
      << diagnosis();

  sim_->call("POST", "/_sim/weibo/expire?value=" + encoded(kCookieA));
  const std::string notice_id = "gather/credential-expired/" + a;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < kUsers; ++i) sim_->publish(i, 5);
    ASSERT_TRUE(eventually(
                    [&] {
                      return advance_and([&] {
                        return all_delivered() && delivered().count(notice_id) &&
                               creds().at(a).at("state").as_string() == "expired";
                      });
                    },
                    std::chrono::seconds{10}))
        << "round " << round << "\n" << diagnosis();
  }
  const auto c = creds();
  EXPECT_EQ(c.at(b).at("state").as_string(), "ok");
  EXPECT_NE(std::string(c.at(a).at("state_reason").as_string()).find("login host"), std::string::npos)
      << json::serialize(c.at(a));
  const auto [got, to] = delivered_to();
  const json::object& notice = got.at(notice_id);
  // One notice per subscriber of the owner: here every subscription writes to out.jsonl, one
  // subscriber, so it arrived once.
  EXPECT_EQ(to.at(notice_id).size(), 1u);
  EXPECT_NE(std::string(notice.at("text").as_string()).find("gather cred rm " + a), std::string::npos)
      << json::serialize(notice);
  // The fans-only posts after the logout came through B (anonymous fetches cannot see them).
  int fans_only = 0;
  for (const auto& [mid, t] : truth()) fans_only += t.fans_only && got.count(mid);
  EXPECT_EQ(fans_only, kUsers);  // k = 6 of each user, published after the logout
  // Once expired, gather stopped sending A: the simulator saw no storm of logged-out requests.
  EXPECT_LE(sim_cookie(kCookieA).at("requests").as_int64() - sim_cookie(kCookieA).at("served").as_int64(), 3);
}

// With an anonymous budget as large as the cookie's, the flow plan gives each user to one
// credential (user 0 to the anonymous budget, user 1 to the cookie). Fans-only posts of user 0
// still arrive: every third fetch of a Weibo target goes through a session.
TEST_F(WeiboServeTest, FansOnlyPostsOfEveryUserWithEqualBudgets) {
  start_sim({}, "20/1s");
  sim_login(kCookieA, 600, 60);
  cred_add(kCookieA);
  start_gather();
  for (int i = 0; i < kUsers; ++i) sim_->publish(i, 8);
  ASSERT_TRUE(eventually([&] { return advance_and([&] { return all_delivered(); }); }, std::chrono::seconds{10}))
      << diagnosis();
}

}  // namespace
