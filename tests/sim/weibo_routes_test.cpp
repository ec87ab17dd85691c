// The simulator's Weibo: what it serves must read back through the real WeiboPlatform (parse,
// classify, paging with since_id, long text), and its risk control must answer as Weibo does.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "platforms/platform.h"
#include "platforms/weibo/weibo_api.h"
#include "platforms/weibo/weibo_platform.h"
#include "sim/weibo_format.h"
#include "sim_test_util.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;
using testing::header;
using testing::VirtualSim;

constexpr std::string_view kBase = "http://sim.test";
const Headers kCookieA{{"Cookie", "SUB=abc"}};
const Headers kCookieB{{"Cookie", "SUB=def; SUBP=0033"}};

SimOptions users(int anon_limit = 600, int ban_s = 60) {
  SimOptions o;
  o.feeds = 8;
  o.rate_per_hour = 0;  // posts only when a test publishes them
  o.weibo_anon_limit = anon_limit;
  o.weibo_ban_s = ban_s;
  return o;
}

// A registered cookie; the value is URL-encoded as a client would send it.
void login(VirtualSim& sim, const std::string& encoded_value, int limit = 600, int window = 60) {
  const SimReply r = sim.post("/_sim/weibo/cookie?value=" + encoded_value + "&limit=" + std::to_string(limit) +
                              "&window=" + std::to_string(window));
  ASSERT_EQ(r.response.status, 200) << r.response.body;
}

HttpResponse as_response(const SimReply& r, std::string_view path) {
  HttpResponse resp;
  resp.status = r.response.status;
  resp.headers = r.response.headers;
  resp.body = r.response.body;
  resp.effective_url = std::string(kBase) + std::string(path);
  return resp;
}

Classified classify(const SimReply& r, std::string_view path = "/api/container/getIndex") {
  return weibo::WeiboPlatform().classify(as_response(r, path));
}

std::string timeline_path(int feed, const std::string& since_id = "") {
  const std::string uid = std::to_string(weibo_uid(feed));
  return "/api/container/getIndex?type=uid&value=" + uid + "&containerid=107603" + uid +
         (since_id.empty() ? "" : "&since_id=" + since_id);
}

Page timeline(VirtualSim& sim, int feed, const Headers& cookie = {}, const std::string& since_id = "") {
  const std::string path = timeline_path(feed, since_id);
  const SimReply r = sim.get(path, cookie);
  EXPECT_EQ(r.response.status, 200) << r.response.body;
  EXPECT_EQ(classify(r, path).outcome, Outcome::kPage);
  return weibo::WeiboPlatform().parse(r.response.body, std::string(kBase) + path);
}

// The lines every simulated Weibo post starts with, as the parser reads them.
std::string head_text(const SimPost& p) {
  std::string text;
  for (std::size_t i = 0; i < p.categories.size(); ++i) text += (i ? " #" : "#") + p.categories[i] + "#";
  if (!text.empty()) text += "\n";
  text += p.title + "\nPost " + std::to_string(p.index) + " of feed " + std::to_string(p.feed) +
          ": fish & chips, 3 < 4, \"quoted\" [笑cry]";
  return text;
}

std::string long_lines(const SimPost& p, int lines) {
  std::string text;
  for (int n = 1; n <= lines; ++n)
    text += "\nLine " + std::to_string(n) + " of the long text of post " + std::to_string(p.index) +
            ", which the timeline cuts short.";
  return text;
}

// The Post the timeline's mblog for simulated post `p` must parse into (html aside).
Post expected_post(const SimPost& p) {
  const long long mid = weibo_mid(p.feed, p.index);
  Post want;
  want.id = std::to_string(mid);
  want.url = "https://weibo.com/" + std::to_string(weibo_uid(p.feed)) + "/" + weibo_bid(mid);
  want.author = "Sim user " + std::to_string(p.feed);
  want.published = std::chrono::floor<std::chrono::seconds>(p.published);
  want.text = head_text(p);
  if (weibo_long_text(p.index)) want.text += "\nLine 1 of the long ...";  // the stub link is gone
  want.truncated = weibo_long_text(p.index);
  want.categories = {p.image_url ? "图文" : "文字"};
  want.tags = p.categories;
  if (p.image_url) want.media.push_back({*p.image_url, "image", ""});
  return want;
}

void expect_same(Post got, const SimPost& p) {
  EXPECT_EQ(got.html, weibo_timeline_html(p));
  got.html.clear();
  const Post want = expected_post(p);
  // Field by field first, for a readable failure; then the whole, for what the fields miss.
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.url, want.url);
  EXPECT_EQ(got.author, want.author);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.categories, want.categories);
  EXPECT_EQ(got.tags, want.tags);
  EXPECT_EQ(got, want) << "post " << p.index << " of feed " << p.feed;
}

// Newest first, as the timeline lists them; fans-only posts only for a logged-in viewer.
std::vector<SimPost> visible_newest_first(const std::vector<SimPost>& truth, bool logged_in) {
  std::vector<SimPost> out;
  for (auto it = truth.rbegin(); it != truth.rend(); ++it)
    if (logged_in || !weibo_fans_only(it->index)) out.push_back(*it);
  return out;
}

TEST(WeiboSim, Identities) {
  EXPECT_EQ(weibo_uid(3), 100003);
  EXPECT_EQ(weibo_uid_feed("100007", 8), 7);
  EXPECT_FALSE(weibo_uid_feed("100008", 8).has_value());
  EXPECT_FALSE(weibo_uid_feed("99999", 8).has_value());
  EXPECT_FALSE(weibo_uid_feed("0100000", 8).has_value());
  EXPECT_FALSE(weibo_uid_feed("", 8).has_value());
  EXPECT_EQ(weibo_mid(2, 5), 5'002'000'005);
  EXPECT_EQ(weibo_mid_feed(5'002'000'005, 8), 2);
  EXPECT_EQ(weibo_mid_index(2, 5'002'000'005), 5);
  EXPECT_FALSE(weibo_mid_feed(4'999'999'999, 8).has_value());
  EXPECT_FALSE(weibo_mid_feed(5'008'000'000, 8).has_value());
  // Weibo's own scheme, checked on a real post (../shared/fixtures: mid 4645748019299849).
  EXPECT_EQ(weibo_bid(4645748019299849), "Kjc77D1jz");
  EXPECT_EQ(weibo_created_at(TimePoint{std::chrono::seconds{1'700'000'000}}), "Wed Nov 15 06:13:20 +0800 2023");
  EXPECT_TRUE(weibo_long_text(2));
  EXPECT_FALSE(weibo_long_text(3));
  EXPECT_TRUE(weibo_fans_only(6));
  EXPECT_TRUE(weibo_fans_only(13));
  EXPECT_FALSE(weibo_fans_only(7));
}

TEST(WeiboSim, NewestPageRoundTripsThroughTheParser) {
  VirtualSim sim(users());
  sim.core->publish(1, 25);  // feed 1 (Atom) keeps images; feed 2 (RSS 1.0) would drop them
  const std::vector<SimPost> truth = sim.core->posts(1);
  const SimReply r = sim.get(timeline_path(1));
  EXPECT_EQ(header(r, "Content-Type"), "application/json; charset=utf-8");

  const Page page = timeline(sim, 1);
  EXPECT_EQ(page.feed.title, "Sim user 1");
  EXPECT_EQ(page.feed.link, "https://weibo.com/u/100001");
  EXPECT_EQ(page.feed.description, "The posts of simulated feed 1");
  EXPECT_EQ(page.feed.image, std::string(kBase) + "/media/avatar/100001.jpg");
  const std::vector<SimPost> shown = visible_newest_first(truth, false);
  ASSERT_EQ(page.posts.size(), static_cast<std::size_t>(kWeiboPageSize));
  for (std::size_t j = 0; j < page.posts.size(); ++j) expect_same(page.posts[j], shown[j]);
  // The next page starts at the newest post this one did not show.
  EXPECT_EQ(page.older_cursor, std::to_string(weibo_mid(1, shown[kWeiboPageSize].index)));
  // What the test leans on: some posts of the page are long, some have a picture.
  EXPECT_TRUE(std::any_of(page.posts.begin(), page.posts.end(), [](const Post& p) { return p.truncated; }));
  EXPECT_TRUE(std::any_of(page.posts.begin(), page.posts.end(), [](const Post& p) { return !p.media.empty(); }));
}

TEST(WeiboSim, PagingWithSinceIdReachesTheFirstPostOnce) {
  VirtualSim sim(users());
  sim.clock.advance(1h);
  sim.core->publish(3, 34);
  login(sim, "SUB%3Dabc");
  const std::vector<SimPost> truth = sim.core->posts(3);

  set_platform_base_url("weibo", std::string(kBase));
  const weibo::WeiboPlatform wb;
  for (const bool logged_in : {false, true}) {
    std::vector<Post> all;
    std::optional<HttpRequest> req = wb.request_for("100003", {});
    int pages = 0;
    while (req) {
      ASSERT_EQ(req->url.rfind(kBase, 0), 0u) << req->url;
      const std::string path = req->url.substr(kBase.size());
      const SimReply r = sim.get(path, logged_in ? kCookieA : Headers{});
      ASSERT_EQ(classify(r, path).outcome, Outcome::kPage) << r.response.body;
      const Page page = wb.parse(r.response.body, std::string(kBase) + path);
      ASSERT_LE(page.posts.size(), static_cast<std::size_t>(kWeiboPageSize));
      all.insert(all.end(), page.posts.begin(), page.posts.end());
      req = wb.request_older("100003", page);
      ASSERT_LT(++pages, 100);
    }
    const std::vector<SimPost> shown = visible_newest_first(truth, logged_in);
    EXPECT_EQ(pages, (static_cast<int>(shown.size()) + kWeiboPageSize - 1) / kWeiboPageSize) << logged_in;
    ASSERT_EQ(all.size(), shown.size()) << logged_in;
    for (std::size_t j = 0; j < all.size(); ++j) expect_same(all[j], shown[j]);
  }
  set_platform_base_url("weibo", "https://m.weibo.cn");
}

TEST(WeiboSim, SinceIdBeyondEitherEnd) {
  VirtualSim sim(users());
  sim.core->publish(0, 5);
  // Above the newest: the newest page; below the oldest: Weibo's "no content" answer.
  EXPECT_EQ(timeline(sim, 0, {}, "9999999999").posts.size(), 5u);
  const SimReply none = sim.get(timeline_path(0, "4000000000"));
  EXPECT_EQ(boost::json::parse(none.response.body).at("ok").as_int64(), 0);
  EXPECT_EQ(timeline(sim, 0, {}, "4000000000").posts.size(), 0u);
  EXPECT_EQ(sim.get(timeline_path(0, "abc")).response.status, 400);
}

TEST(WeiboSim, EmptyTimelineIsWeibosNoContentAnswer) {
  VirtualSim sim(users());
  const SimReply r = sim.get(timeline_path(4));
  const auto doc = boost::json::parse(r.response.body);
  EXPECT_EQ(doc.at("ok").as_int64(), 0);
  EXPECT_EQ(doc.at("msg").as_string(), "这里还没有内容");
  const Page page = timeline(sim, 4);  // classified as a page, and an empty one
  EXPECT_TRUE(page.posts.empty());
  EXPECT_TRUE(page.older_cursor.empty());
}

TEST(WeiboSim, LongTextIsCutOnTheTimelineAndWholeFromExtend) {
  VirtualSim sim(users());
  sim.core->publish(0, 3);  // k = 2 is long
  const SimPost truth = sim.core->posts(0).back();
  const Page page = timeline(sim, 0);
  ASSERT_EQ(page.posts.size(), 3u);
  Post post = page.posts.front();
  ASSERT_TRUE(post.truncated);
  const std::string mid = std::to_string(weibo_mid(0, 2));
  EXPECT_NE(post.html.find(" ...<a href=\"/status/" + mid + "\">全文</a>"), std::string::npos) << post.html;

  set_platform_base_url("weibo", std::string(kBase));
  const HttpRequest req = weibo::long_text_request(post.id);
  set_platform_base_url("weibo", "https://m.weibo.cn");
  const std::string path = req.url.substr(kBase.size());
  EXPECT_EQ(path, "/statuses/extend?id=" + mid);
  const SimReply r = sim.get(path);
  ASSERT_EQ(classify(r, path).outcome, Outcome::kPage) << r.response.body;
  const weibo::LongText full = weibo::parse_long_text(r.response.body);
  EXPECT_EQ(full.html, weibo_full_html(truth));
  EXPECT_EQ(full.text, head_text(truth) + long_lines(truth, 4));
  weibo::apply_long_text(post, full);
  EXPECT_FALSE(post.truncated);
  EXPECT_EQ(post.text, full.text);
  EXPECT_EQ(post.tags, truth.categories);

  // A post that was never cut has the same text either way; unknown mids are refused Weibo's way.
  EXPECT_EQ(weibo::parse_long_text(sim.get("/statuses/extend?id=" + std::to_string(weibo_mid(0, 0))).response.body).text,
            head_text(sim.core->posts(0).front()));
  for (const std::string bad : {"5000000003", "5009000000", "12"}) {
    const SimReply refused = sim.get("/statuses/extend?id=" + bad);
    EXPECT_EQ(refused.response.status, 200);
    EXPECT_THROW(weibo::parse_long_text(refused.response.body), ParseError) << bad;
  }
  EXPECT_EQ(sim.get("/statuses/extend").response.status, 400);
}

TEST(WeiboSim, ProfileIsTheUserInfo) {
  VirtualSim sim(users());
  sim.core->publish(5, 7);  // k = 6 is fans-only
  const std::string path = "/api/container/getIndex?type=uid&value=100005";
  const SimReply anon = sim.get(path);
  ASSERT_EQ(classify(anon, path).outcome, Outcome::kPage);
  const Feed feed = weibo::parse_profile(anon.response.body);
  EXPECT_EQ(feed.title, "Sim user 5");
  EXPECT_EQ(feed.link, "https://weibo.com/u/100005");
  EXPECT_EQ(feed.description, "The posts of simulated feed 5");
  const auto count = [](const SimReply& r) {
    return boost::json::parse(r.response.body).at("data").at("userInfo").at("statuses_count").as_int64();
  };
  EXPECT_EQ(count(anon), 6);
  login(sim, "SUB%3Dabc");
  EXPECT_EQ(count(sim.get(path, kCookieA)), 7);
  // The profile request gather builds is this one.
  set_platform_base_url("weibo", std::string(kBase));
  EXPECT_EQ(weibo::profile_request("100005").url, std::string(kBase) + path);
  set_platform_base_url("weibo", "https://m.weibo.cn");
}

TEST(WeiboSim, UnknownUsersAndBadContainers) {
  VirtualSim sim(users());
  const SimReply gone = sim.get("/api/container/getIndex?type=uid&value=100099&containerid=107603100099");
  EXPECT_EQ(classify(gone).outcome, Outcome::kGone) << gone.response.body;
  const SimReply other = sim.get("/api/container/getIndex?type=uid&value=100000&containerid=107603100001");
  EXPECT_EQ(classify(other).outcome, Outcome::kFailed) << other.response.body;
  EXPECT_EQ(classify(sim.get("/api/container/getIndex?type=topic&value=100000")).outcome, Outcome::kFailed);
  EXPECT_EQ(sim.post(timeline_path(0)).response.status, 405);
  EXPECT_EQ(sim.get("/api/nothing").response.status, 404);
}

TEST(WeiboSim, FansOnlyPostsNeedALoggedInCookie) {
  VirtualSim sim(users());
  sim.core->publish(6, 9);
  login(sim, "SUB%3Dabc");
  const Page anon = timeline(sim, 6);
  const Page fan = timeline(sim, 6, kCookieA);
  ASSERT_EQ(anon.posts.size(), 8u);
  ASSERT_EQ(fan.posts.size(), 9u);
  const std::string hidden = std::to_string(weibo_mid(6, 6));
  for (const Post& p : anon.posts) EXPECT_NE(p.id, hidden);
  EXPECT_EQ(fan.posts[2].id, hidden);  // k = 8, 7, then 6
  // Its text is as hidden as the post.
  EXPECT_THROW(weibo::parse_long_text(sim.get("/statuses/extend?id=" + hidden).response.body), ParseError);
  EXPECT_NO_THROW(weibo::parse_long_text(sim.get("/statuses/extend?id=" + hidden, kCookieA).response.body));

  // The ground truth says which posts are fans-only, and how each shows on Weibo.
  const auto truth = sim.get_json("/_sim/posts?feed=6").at("posts").as_array();
  ASSERT_EQ(truth.size(), 9u);
  for (const auto& p : truth) {
    const auto& w = p.at("weibo");
    const int k = static_cast<int>(p.at("index").as_int64());
    EXPECT_EQ(w.at("fans_only").as_bool(), k == 6) << k;
    EXPECT_EQ(w.at("long_text").as_bool(), k % 3 == 2) << k;
    EXPECT_EQ(w.at("mid").as_string(), std::to_string(weibo_mid(6, k)));
    EXPECT_EQ(w.at("uid").as_string(), "100006");
    EXPECT_EQ(w.at("bid").as_string(), weibo_bid(weibo_mid(6, k)));
  }
}

TEST(WeiboSim, OverBudgetIs412ThenTheBanAnswers418) {
  VirtualSim sim(users(600, 10));
  sim.core->publish(0, 2);
  login(sim, "SUB%3Dabc", 3, 60);
  login(sim, "SUB%3Ddef%3B%20SUBP%3D0033");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(sim.get(timeline_path(0), kCookieA).response.status, 200) << i;

  const SimReply over = sim.get(timeline_path(0), kCookieA);
  EXPECT_EQ(over.response.status, 412);
  EXPECT_EQ(classify(over).outcome, Outcome::kSlowDown);
  // Other sessions have their own budgets.
  EXPECT_EQ(sim.get(timeline_path(0), kCookieB).response.status, 200);
  EXPECT_EQ(sim.get(timeline_path(0)).response.status, 200);

  sim.clock.advance(5s);
  const SimReply banned = sim.get("/statuses/extend?id=5000000000", kCookieA);  // every endpoint
  EXPECT_EQ(banned.response.status, 418);
  EXPECT_EQ(classify(banned, "/statuses/extend").outcome, Outcome::kSlowDown);
  auto cookies = sim.get_json("/_sim/weibo/cookies");
  auto a = cookies.at("cookies").at("SUB=abc");
  EXPECT_EQ(a.at("requests").as_int64(), 5);
  EXPECT_EQ(a.at("served").as_int64(), 3);
  EXPECT_EQ(a.at("refused").as_int64(), 2);
  EXPECT_TRUE(a.at("banned").as_bool());
  EXPECT_EQ(a.at("banned_until").as_string(), "2023-11-14T22:13:30Z");  // the 412 + 10 s
  EXPECT_FALSE(a.at("expired").as_bool());
  EXPECT_EQ(cookies.at("cookies").at("SUB=def; SUBP=0033").at("served").as_int64(), 1);
  EXPECT_EQ(cookies.at("anonymous").at("served").as_int64(), 1);

  // The ban over but the window still full: knocking again is another 412 and another ban.
  sim.clock.advance(5s);
  EXPECT_EQ(sim.get(timeline_path(0), kCookieA).response.status, 412);
  sim.clock.advance(9s);
  EXPECT_EQ(sim.get(timeline_path(0), kCookieA).response.status, 418);
  // Refused requests never counted: once the first three age out of the window, it is served.
  sim.clock.advance(60s);
  EXPECT_EQ(sim.get(timeline_path(0), kCookieA).response.status, 200);
  a = sim.get_json("/_sim/weibo/cookies").at("cookies").at("SUB=abc");
  EXPECT_EQ(a.at("served").as_int64(), 4);
  EXPECT_EQ(a.at("refused").as_int64(), 4);
  EXPECT_FALSE(a.at("banned").as_bool());
}

TEST(WeiboSim, AnonymousBudgetIsItsOwnAndZeroMeansNone) {
  VirtualSim sim(users(2, 0));  // no ban: a 412 is all
  login(sim, "SUB%3Dabc");
  EXPECT_EQ(sim.get(timeline_path(0)).response.status, 200);
  EXPECT_EQ(sim.get("/api/container/getIndex?type=uid&value=100000").response.status, 200);
  EXPECT_EQ(sim.get(timeline_path(0)).response.status, 412);
  EXPECT_EQ(sim.get(timeline_path(0)).response.status, 412);  // no 418 without a ban
  EXPECT_EQ(sim.get(timeline_path(0), kCookieA).response.status, 200);
  sim.clock.advance(60s);
  EXPECT_EQ(sim.get(timeline_path(0)).response.status, 200);

  VirtualSim unlimited(users(0));
  for (int i = 0; i < 700; ++i) ASSERT_EQ(unlimited.get(timeline_path(0)).response.status, 200) << i;
  EXPECT_EQ(unlimited.get(timeline_path(0)).response.status, 200);
}

TEST(WeiboSim, ExpiredOrUnknownCookieIsSentToTheLoginPage) {
  VirtualSim sim(users());
  sim.core->publish(0, 1);
  login(sim, "SUB%3Dabc");
  ASSERT_EQ(sim.get(timeline_path(0), kCookieA).response.status, 200);
  const SimReply expired = sim.post("/_sim/weibo/expire?value=SUB%3Dabc");
  ASSERT_EQ(expired.response.status, 200) << expired.response.body;

  for (const Headers& cookie : {kCookieA, Headers{{"Cookie", "SUB=never-issued"}}}) {
    const SimReply r = sim.get(timeline_path(0), cookie);
    EXPECT_EQ(r.response.status, 302);
    const std::string location = header(r, "Location").value_or("");
    EXPECT_EQ(location.rfind("https://passport.weibo.cn/signin/login?entry=mweibo&r=http%3A%2F%2Fsim.test%2Fapi", 0), 0u)
        << location;
    const Classified c = classify(r);
    EXPECT_EQ(c.outcome, Outcome::kLoggedOut) << c.reason;
  }
  auto cookies = sim.get_json("/_sim/weibo/cookies");
  EXPECT_TRUE(cookies.at("cookies").at("SUB=abc").at("expired").as_bool());
  EXPECT_EQ(cookies.at("cookies").at("SUB=abc").at("requests").as_int64(), 2);
  EXPECT_EQ(cookies.at("unknown_requests").as_int64(), 1);
  EXPECT_EQ(sim.get(timeline_path(0)).response.status, 200);  // anonymous goes on

  // Logging in again with the same value is a fresh session.
  login(sim, "SUB%3Dabc");
  EXPECT_EQ(sim.get(timeline_path(0), kCookieA).response.status, 200);
}

TEST(WeiboSim, CookieAdminValidatesItsParameters) {
  VirtualSim sim(users());
  EXPECT_EQ(sim.post("/_sim/weibo/cookie").response.status, 400);
  EXPECT_EQ(sim.post("/_sim/weibo/cookie?value=").response.status, 400);
  EXPECT_EQ(sim.post("/_sim/weibo/cookie?value=a&limit=-1").response.status, 400);
  EXPECT_EQ(sim.post("/_sim/weibo/cookie?value=a&window=0").response.status, 400);
  EXPECT_EQ(sim.post("/_sim/weibo/cookie?value=a&limit=x").response.status, 400);
  EXPECT_EQ(sim.post("/_sim/weibo/expire?value=nobody").response.status, 404);
  EXPECT_EQ(sim.get("/_sim/weibo/cookie?value=a").response.status, 405);
  EXPECT_EQ(sim.post("/_sim/weibo/cookies").response.status, 405);
  EXPECT_EQ(sim.get("/_sim/weibo/other").response.status, 404);
  const auto ok = sim.post_json("/_sim/weibo/cookie?value=SUB%3Dx&limit=0");
  EXPECT_EQ(ok.at("registered").as_string(), "SUB=x");
  EXPECT_EQ(ok.at("window_s").as_int64(), 60);
}

TEST(WeiboSim, BadOptionsAreRefused) {
  SimOptions o = users();
  o.weibo_anon_window_s = 0;
  EXPECT_THROW(VirtualSim{o}, std::invalid_argument);
  o = users(600, -1);
  EXPECT_THROW(VirtualSim{o}, std::invalid_argument);
}

}  // namespace
}  // namespace gather::sim
