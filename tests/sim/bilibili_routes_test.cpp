// The simulator's Bilibili against the real BilibiliPlatform: nav keys, WBI-signed space feed
// pages that parse into the simulated posts, paging by offset, and the risk-control codes.
#include <gtest/gtest.h>

#include <chrono>

#include "platforms/bilibili/bilibili_platform.h"
#include "platforms/platform.h"
#include "sim/bilibili_format.h"
#include "sim_test_util.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;
using testing::VirtualSim;

constexpr std::string_view kBase = "http://sim.test";

SimOptions spaces(int anon_limit = 600, int anon_window = 60, int ban = 60) {
  SimOptions o;
  o.feeds = 4;
  o.rate_per_hour = 30;
  o.bilibili_anon_limit = anon_limit;
  o.bilibili_anon_window_s = anon_window;
  o.bilibili_ban_s = ban;
  return o;
}

// The platform pointed at the simulator for the life of a test.
struct SimBilibili {
  SimBilibili() { set_platform_base_url("bilibili", std::string(kBase)); }
  ~SimBilibili() { set_platform_base_url("bilibili", "https://api.bilibili.com"); }
  bilibili::BilibiliPlatform platform;
};

std::string path_of(const HttpRequest& req) {
  EXPECT_EQ(req.url.rfind(kBase, 0), 0u) << req.url;
  return req.url.substr(kBase.size());
}

SimReply send(VirtualSim& sim, const HttpRequest& req) {
  Headers headers = req.headers;
  return sim.get(path_of(req), std::move(headers));
}

HttpResponse as_response(const SimReply& r) {
  HttpResponse h;
  h.status = r.response.status;
  h.body = r.response.body;
  return h;
}

long long code_of(const SimReply& r) { return boost::json::parse(r.response.body).at("code").as_int64(); }

// Asks nav for the keys, as the conveyor does before the first fetch.
void learn_keys(VirtualSim& sim, const bilibili::BilibiliPlatform& p) {
  auto setup = p.setup_request(sim.clock.now());
  ASSERT_TRUE(setup.has_value());
  p.accept_setup(send(sim, *setup).response.body, sim.clock.now());
}

void expect_post(const Post& got, const SimPost& p) {
  SCOPED_TRACE("post " + std::to_string(p.index) + " of feed " + std::to_string(p.feed));
  EXPECT_EQ(got.id, bilibili_dynamic_id(p.feed, p.index));
  EXPECT_EQ(got.url, "https://t.bilibili.com/" + got.id);
  EXPECT_EQ(got.title, "");
  EXPECT_EQ(got.author, "Sim up " + std::to_string(p.feed));
  EXPECT_EQ(got.published, std::chrono::floor<std::chrono::seconds>(p.published));
  EXPECT_EQ(got.categories, std::vector<std::string>{p.image_url ? "图文" : "文字"});
  EXPECT_EQ(got.tags, p.categories);
  std::string text = p.title + "\nPost " + std::to_string(p.index) + " of feed " + std::to_string(p.feed) +
                     ": fish & chips, 3 < 4, \"quoted\" \u2014 caf\u00e9";
  for (const auto& c : p.categories) text += " #" + c + "#";
  EXPECT_EQ(got.text, text);
  ASSERT_EQ(got.media.size(), p.image_url ? 1u : 0u);
  if (p.image_url) {
    EXPECT_EQ(got.media[0].url, *p.image_url);
  }
  EXPECT_FALSE(got.truncated);
  EXPECT_TRUE(got.repost.empty());
}

TEST(BilibiliSim, MidsAndIds) {
  EXPECT_EQ(bilibili_feed_of_mid("200003", 4), 3);
  EXPECT_FALSE(bilibili_feed_of_mid("200004", 4).has_value());
  EXPECT_FALSE(bilibili_feed_of_mid("199999", 4).has_value());
  EXPECT_FALSE(bilibili_feed_of_mid("0200000", 4).has_value());
  EXPECT_EQ(bilibili_dynamic_id(2, 7).size(), 18u);
  EXPECT_EQ(bilibili_dynamic_index(bilibili_dynamic_id(2, 7), 2), 7);
  EXPECT_FALSE(bilibili_dynamic_index(bilibili_dynamic_id(2, 7), 1).has_value());
  EXPECT_LT(bilibili_dynamic_id(2, 7), bilibili_dynamic_id(2, 8));
}

TEST(BilibiliSim, NavGivesTheKeysThePlatformStores) {
  VirtualSim sim(spaces());
  SimBilibili b;
  const SimReply r = sim.get("/x/web-interface/nav");
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(code_of(r), -101);  // not logged in, and still the keys
  learn_keys(sim, b.platform);
  const auto keys = b.platform.wbi_keys();
  ASSERT_TRUE(keys.has_value());
  const WbiKeyPair other_seed = bilibili_wbi_keys(7);
  EXPECT_EQ(keys->img, bilibili_wbi_keys(spaces().seed).img);
  EXPECT_EQ(keys->sub, bilibili_wbi_keys(spaces().seed).sub);
  EXPECT_NE(other_seed.img, keys->img) << "the keys follow the seed";
  EXPECT_FALSE(b.platform.setup_request(sim.clock.now()).has_value()) << "fresh keys need no nav";
}

TEST(BilibiliSim, SignedRequestParsesIntoThePosts) {
  SimOptions quiet = spaces();
  quiet.rate_per_hour = 0;  // only the published posts, so that one page holds them all
  VirtualSim sim(quiet);
  SimBilibili b;
  sim.core->publish(0, 6);  // post 4 has an image (DRAW), the others are text (WORD)
  const std::vector<SimPost> truth = sim.core->posts(0);
  learn_keys(sim, b.platform);

  const HttpRequest req = b.platform.request_for("200000", {});
  EXPECT_NE(req.url.find("w_rid="), std::string::npos);
  const SimReply r = send(sim, req);
  ASSERT_EQ(b.platform.classify(as_response(r)).outcome, Outcome::kPage) << r.response.body;
  const Page page = b.platform.parse(r.response.body, kBase);
  EXPECT_EQ(page.feed.title, "Sim up 0");
  EXPECT_EQ(page.feed.link, "https://space.bilibili.com/200000");
  ASSERT_EQ(page.posts.size(), truth.size());
  for (std::size_t j = 0; j < truth.size(); ++j) expect_post(page.posts[j], truth[truth.size() - 1 - j]);
  EXPECT_EQ(page.older_cursor, "") << "everything fit on one page";
}

TEST(BilibiliSim, UnsignedOrBadlySignedRequestMeetsRiskControl) {
  VirtualSim sim(spaces());
  SimBilibili b;  // no keys yet: request_for sends no signature
  const SimReply unsigned_reply = send(sim, b.platform.request_for("200001", {}));
  EXPECT_EQ(unsigned_reply.response.status, 200);
  EXPECT_EQ(code_of(unsigned_reply), -352);
  EXPECT_TRUE(boost::json::parse(unsigned_reply.response.body).at("data").as_object().contains("v_voucher"));
  EXPECT_EQ(b.platform.classify(as_response(unsigned_reply)).outcome, Outcome::kSlowDown);

  // Keys of another run (another seed) sign, but not with the simulator's keys.
  const WbiKeyPair other = bilibili_wbi_keys(99);
  b.platform.set_wbi_keys(other.img, other.sub, sim.clock.now());
  EXPECT_EQ(code_of(send(sim, b.platform.request_for("200001", {}))), -352);

  const auto state = sim.get_json("/_sim/bilibili/state").at("pools").at("anonymous");
  EXPECT_EQ(state.at("unsigned").as_int64(), 2);
  EXPECT_EQ(state.at("requests").as_int64(), 2);
}

TEST(BilibiliSim, PagingBackWithOffsetReachesTheFirstPostOnce) {
  VirtualSim sim(spaces());
  SimBilibili b;
  sim.clock.advance(2h);
  sim.core->publish(1, 30);
  const std::vector<SimPost> truth = sim.core->posts(1);
  const int count = static_cast<int>(truth.size());
  learn_keys(sim, b.platform);

  std::vector<Post> all;
  std::optional<HttpRequest> req = b.platform.request_for("200001", {});
  int pages = 0;
  while (req) {
    const SimReply r = send(sim, *req);
    ASSERT_EQ(code_of(r), 0) << r.response.body;
    const Page page = b.platform.parse(r.response.body, kBase);
    ASSERT_LE(page.posts.size(), static_cast<std::size_t>(kBilibiliPageSize));
    if (!page.older_cursor.empty()) {
      EXPECT_EQ(page.older_cursor, page.posts.back().id);
    }
    all.insert(all.end(), page.posts.begin(), page.posts.end());
    req = b.platform.request_older("200001", page);
    ASSERT_LT(++pages, 100);
  }
  EXPECT_EQ(pages, (count + kBilibiliPageSize - 1) / kBilibiliPageSize);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(count));
  for (std::size_t j = 0; j < all.size(); ++j) expect_post(all[j], truth[truth.size() - 1 - j]);
}

TEST(BilibiliSim, OverBudgetIsTooFrequentThenBannedUntilTheBanEnds) {
  VirtualSim sim(spaces(/*anon_limit=*/3, /*anon_window=*/10, /*ban=*/60));
  SimBilibili b;
  learn_keys(sim, b.platform);
  const auto look = [&] { return send(sim, b.platform.request_for("200000", {})); };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(code_of(look()), 0);
  const SimReply too_many = look();
  EXPECT_EQ(code_of(too_many), -799);
  EXPECT_EQ(b.platform.classify(as_response(too_many)).outcome, Outcome::kSlowDown);
  sim.clock.advance(59s);  // the window has long slid; the ban has not ended
  const SimReply banned = look();
  EXPECT_EQ(code_of(banned), -412);
  EXPECT_EQ(b.platform.classify(as_response(banned)).outcome, Outcome::kSlowDown);
  EXPECT_FALSE(sim.get_json("/_sim/bilibili/state").at("pools").at("anonymous").at("banned_until").is_null());
  sim.clock.advance(1s);
  EXPECT_EQ(code_of(look()), 0);

  const auto state = sim.get_json("/_sim/bilibili/state").at("pools").at("anonymous");
  EXPECT_EQ(state.at("requests").as_int64(), 4);
  EXPECT_EQ(state.at("refused").as_int64(), 2);
}

TEST(BilibiliSim, CookiesHaveTheirOwnBudgetAndExpire) {
  VirtualSim sim(spaces(/*anon_limit=*/100));
  SimBilibili b;
  learn_keys(sim, b.platform);
  ASSERT_EQ(sim.post("/_sim/bilibili/cookie?value=SESSDATA%3Dx&limit=2&window=60").response.status, 200);
  const auto look = [&](std::string cookie) {
    HttpRequest req = b.platform.request_for("200002", {});
    if (!cookie.empty()) req.headers.emplace_back("Cookie", cookie);
    return send(sim, req);
  };
  EXPECT_EQ(code_of(look("buvid3=abc; SESSDATA=x")), 0);
  EXPECT_EQ(code_of(look("SESSDATA=x")), 0);
  EXPECT_EQ(code_of(look("SESSDATA=x")), -799);
  EXPECT_EQ(code_of(look("SESSDATA=x")), -412);
  EXPECT_EQ(code_of(look("")), 0) << "the anonymous pool is another pool";
  EXPECT_EQ(code_of(look("SESSDATA=unknown")), 0) << "an unknown cookie is anonymous";

  ASSERT_EQ(sim.post("/_sim/bilibili/expire?value=SESSDATA%3Dx").response.status, 200);
  const SimReply expired = look("SESSDATA=x");
  EXPECT_EQ(code_of(expired), -101);
  EXPECT_EQ(b.platform.classify(as_response(expired)).outcome, Outcome::kLoggedOut);
  EXPECT_EQ(sim.post("/_sim/bilibili/expire?value=SESSDATA%3Dnone").response.status, 404);

  const auto pools = sim.get_json("/_sim/bilibili/state").at("pools");
  EXPECT_EQ(pools.at("SESSDATA=x").at("requests").as_int64(), 2);
  EXPECT_EQ(pools.at("SESSDATA=x").at("refused").as_int64(), 2);
  EXPECT_TRUE(pools.at("SESSDATA=x").at("expired").as_bool());
  EXPECT_EQ(pools.at("anonymous").at("requests").as_int64(), 2);
}

TEST(BilibiliSim, BadOffsetAndUnknownUser) {
  VirtualSim sim(spaces());
  SimBilibili b;
  learn_keys(sim, b.platform);
  sim.core->publish(0, 3);
  Page newest;
  newest.older_cursor = bilibili_dynamic_id(3, 0);  // an id of another user
  EXPECT_EQ(code_of(send(sim, *b.platform.request_older("200000", newest))), -400);
  const SimReply nobody = send(sim, b.platform.request_for("123", {}));
  ASSERT_EQ(code_of(nobody), 0);
  EXPECT_TRUE(b.platform.parse(nobody.response.body, kBase).posts.empty());
}

}  // namespace
}  // namespace gather::sim
