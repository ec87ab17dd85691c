#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "platforms/platform.h"
#include "platforms/telegram/telegram_platform.h"
#include "platforms/text/html_text.h"
#include "sim/telegram_format.h"
#include "sim_test_util.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;
using testing::header;
using testing::VirtualSim;

constexpr std::string_view kBase = "http://sim.test";

SimOptions channels(int limit = 600) {
  SimOptions o;
  o.feeds = 8;
  o.rate_per_hour = 30;
  o.telegram_limit = limit;
  return o;
}

Page parse(const SimReply& r, const std::string& path) {
  EXPECT_EQ(r.response.status, 200) << r.response.body;
  return telegram::TelegramPlatform().parse(r.response.body, std::string(kBase) + path);
}

// The Post the channel's message for simulated post `p` must parse into.
Post expected_post(const SimPost& p) {
  Post want;
  want.id = "chan" + std::to_string(p.feed) + "/" + std::to_string(p.index + 1);
  want.url = "https://t.me/" + want.id;
  want.text = p.title + "\n" + text::html_to_text(p.html);
  // The body is a paragraph and the hashtags a line after it: a blank line between.
  for (std::size_t i = 0; i < p.categories.size(); ++i) want.text += (i ? " #" : "\n\n#") + p.categories[i];
  want.author = telegram_channel_title(p.feed);
  want.published = std::chrono::floor<std::chrono::seconds>(p.published);
  want.tags = p.categories;
  want.categories = {p.image_url ? "photo" : "text"};
  if (p.image_url) want.media.push_back({*p.image_url, "image", ""});
  want.views = telegram_views(p.index);
  return want;
}

// Every field but the HTML, which is the renderer's business.
void expect_same(Post got, const SimPost& p) {
  got.html.clear();
  EXPECT_EQ(got, expected_post(p)) << "post " << p.index << " of feed " << p.feed;
}

TEST(TelegramSim, ChannelNames) {
  EXPECT_EQ(telegram_channel(3), "chan3");
  EXPECT_EQ(telegram_channel_feed("chan0", 8), 0);
  EXPECT_EQ(telegram_channel_feed("CHAN7", 8), 7);
  EXPECT_FALSE(telegram_channel_feed("chan8", 8).has_value());
  EXPECT_FALSE(telegram_channel_feed("chan01", 8).has_value());
  EXPECT_FALSE(telegram_channel_feed("chanx", 8).has_value());
  EXPECT_FALSE(telegram_channel_feed("durov", 8).has_value());
}

TEST(TelegramSim, CompactCounts) {
  EXPECT_EQ(compact_count(950), "950");
  EXPECT_EQ(compact_count(1000), "1K");
  EXPECT_EQ(compact_count(1200), "1.2K");
  EXPECT_EQ(compact_count(1299), "1.2K");
  EXPECT_EQ(compact_count(3'400'000), "3.4M");
  EXPECT_EQ(compact_count(2'000'000'000), "2B");
}

TEST(TelegramSim, NewestPageRoundTripsThroughTheParser) {
  VirtualSim sim(channels());
  sim.clock.advance(10h);
  sim.core->publish(0, 25);  // more than a page, whatever the draw
  const std::vector<SimPost> truth = sim.core->posts(0);
  const int count = static_cast<int>(truth.size());
  ASSERT_GT(count, kTelegramPageSize);

  const SimReply r = sim.get("/s/chan0");
  EXPECT_EQ(header(r, "Content-Type"), "text/html; charset=utf-8");
  const Page page = parse(r, "/s/chan0");
  EXPECT_EQ(page.feed.title, "Simulated channel 0");
  EXPECT_EQ(page.feed.link, "https://t.me/chan0");
  EXPECT_EQ(page.feed.description, "The posts of simulated feed 0\nPublished by a Poisson process & on demand");
  ASSERT_EQ(page.posts.size(), static_cast<std::size_t>(kTelegramPageSize));
  for (std::size_t j = 0; j < page.posts.size(); ++j) expect_same(page.posts[j], truth[truth.size() - 1 - j]);
  EXPECT_EQ(page.older_cursor, std::to_string(count - kTelegramPageSize + 1));
}

TEST(TelegramSim, PagingBackReachesTheFirstPostOnce) {
  VirtualSim sim(channels());
  sim.clock.advance(6h);
  sim.core->publish(4, 47);  // feed 4 writes relative links and +0800 dates in RSS; irrelevant here
  const std::vector<SimPost> truth = sim.core->posts(4);
  const int count = static_cast<int>(truth.size());

  set_platform_base_url("telegram", std::string(kBase));
  const telegram::TelegramPlatform tg;
  std::vector<Post> all;
  std::optional<HttpRequest> req = tg.request_for("chan4", {});
  int pages = 0;
  while (req) {
    ASSERT_EQ(req->url.rfind(kBase, 0), 0u) << req->url;
    const std::string path = req->url.substr(kBase.size());
    const Page page = parse(sim.get(path), path);
    ASSERT_LE(page.posts.size(), static_cast<std::size_t>(kTelegramPageSize));
    all.insert(all.end(), page.posts.begin(), page.posts.end());
    req = tg.request_older("chan4", page);
    ASSERT_LT(++pages, 100);
  }
  set_platform_base_url("telegram", "https://t.me");

  EXPECT_EQ(pages, (count + kTelegramPageSize - 1) / kTelegramPageSize);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(count));
  for (std::size_t j = 0; j < all.size(); ++j) expect_same(all[j], truth[truth.size() - 1 - j]);
}

TEST(TelegramSim, BeforeShowsOnlyOlderMessages) {
  VirtualSim sim(channels());
  sim.core->publish(1, 5);
  const Page page = parse(sim.get("/s/chan1?before=3"), "/s/chan1?before=3");
  ASSERT_EQ(page.posts.size(), 2u);
  EXPECT_EQ(page.posts[0].id, "chan1/2");
  EXPECT_EQ(page.posts[1].id, "chan1/1");
  EXPECT_EQ(parse(sim.get("/s/chan1?before=1"), "/s/chan1?before=1").posts.size(), 0u);
  EXPECT_EQ(parse(sim.get("/s/chan1?before=999"), "/s/chan1?before=999").posts.size(), 5u);
  EXPECT_EQ(sim.get("/s/chan1?before=x").response.status, 400);
  EXPECT_EQ(sim.get("/s/chan1?before=-2").response.status, 400);
  EXPECT_EQ(sim.post("/s/chan1").response.status, 405);
}

TEST(TelegramSim, EmptyChannelHasItsHeader) {
  VirtualSim sim(channels());  // time has not moved: nothing published yet
  const Page page = parse(sim.get("/s/Chan2"), "/s/Chan2");  // usernames ignore case
  EXPECT_EQ(page.feed.title, "Simulated channel 2");
  EXPECT_TRUE(page.posts.empty());
  EXPECT_FALSE(telegram::TelegramPlatform().request_older("chan2", page).has_value());
}

TEST(TelegramSim, UnknownChannelRedirectsToItsCard) {
  VirtualSim sim(channels());
  for (const std::string name : {"durov", "chan8", "chan01"}) {
    const SimReply r = sim.get("/s/" + name);
    EXPECT_EQ(r.response.status, 302) << name;
    EXPECT_EQ(header(r, "Location"), std::string(kBase) + "/" + name);
    HttpResponse resp;
    resp.status = r.response.status;
    resp.headers = r.response.headers;
    const Classified c = telegram::TelegramPlatform().classify(resp);
    EXPECT_EQ(c.outcome, Outcome::kGone) << name;
    EXPECT_NE(c.reason.find("no public preview"), std::string::npos) << c.reason;
  }
}

TEST(TelegramSim, AnonymousBudgetAnswers429UntilTheWindowMoves) {
  SimOptions o = channels(3);
  o.telegram_window_s = 60;
  VirtualSim sim(o);
  EXPECT_EQ(sim.get("/s/chan0").response.status, 200);
  sim.clock.advance(20s);
  EXPECT_EQ(sim.get("/s/nosuchname").response.status, 302);  // counts too: the budget is the address's
  EXPECT_EQ(sim.get("/s/chan1").response.status, 200);

  const SimReply refused = sim.get("/s/chan0");
  EXPECT_EQ(refused.response.status, 429);
  EXPECT_EQ(header(refused, "Retry-After"), "40");  // the first request ages out in 40 s
  HttpResponse resp;
  resp.status = refused.response.status;
  resp.headers = refused.response.headers;
  const Classified c = telegram::TelegramPlatform().classify(resp);
  EXPECT_EQ(c.outcome, Outcome::kSlowDown);
  EXPECT_EQ(c.retry_after, 40s);

  sim.clock.advance(39s);
  EXPECT_EQ(sim.get("/s/chan0").response.status, 429);  // refused requests are not counted...
  sim.clock.advance(1s);
  EXPECT_EQ(sim.get("/s/chan0").response.status, 200);  // ...so waiting as told is enough
  EXPECT_EQ(sim.get("/s/chan0").response.status, 429);
  EXPECT_EQ(sim.get("/feeds/0.xml").response.status, 200);  // the feeds are another platform
}

TEST(TelegramSim, DefaultBudgetIsGenerousAndZeroMeansNone) {
  VirtualSim sim(channels());
  for (int i = 0; i < 600; ++i) ASSERT_EQ(sim.get("/s/chan3").response.status, 200) << i;
  EXPECT_EQ(sim.get("/s/chan3").response.status, 429);

  VirtualSim unlimited(channels(0));
  for (int i = 0; i < 700; ++i) ASSERT_EQ(unlimited.get("/s/chan3").response.status, 200) << i;
}

}  // namespace
}  // namespace gather::sim
