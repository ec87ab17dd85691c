#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <chrono>

#include "sim/feed_formats.h"
#include "sim_test_util.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;
using testing::header;
using testing::VirtualSim;

SimOptions busy() {
  SimOptions o;
  o.feeds = 8;
  o.rate_per_hour = 60;
  o.page_size = 5;
  return o;
}

pugi::xml_document parse_xml(const std::string& body) {
  pugi::xml_document doc;
  auto res = doc.load_string(body.c_str());
  EXPECT_TRUE(res) << res.description() << "\n" << body.substr(0, 400);
  return doc;
}

TEST(Feeds, FormatByIndex) {
  EXPECT_EQ(feed_format_of(0), FeedFormat::rss2);
  EXPECT_EQ(feed_format_of(1), FeedFormat::atom);
  EXPECT_EQ(feed_format_of(2), FeedFormat::rdf);
  EXPECT_EQ(feed_format_of(3), FeedFormat::json_feed);
  EXPECT_EQ(feed_path(2), "/feeds/2.xml");
  EXPECT_EQ(feed_path(7), "/feeds/7.json");
}

TEST(Feeds, Rss2PageIsNewestFirstAndCut) {
  VirtualSim sim(busy());
  sim.clock.advance(10h);
  int count = sim.core->post_count(0);
  ASSERT_GT(count, 5);
  SimReply r = sim.get("/feeds/0.xml");
  ASSERT_EQ(r.response.status, 200);
  EXPECT_EQ(header(r, "Content-Type")->rfind("application/rss+xml", 0), 0u);
  auto doc = parse_xml(r.response.body);
  auto items = doc.select_nodes("/rss/channel/item");
  ASSERT_EQ(items.size(), 5u);
  int k = count - 1;
  for (auto& it : items) {
    std::string id = "sim-0-" + std::to_string(k);
    EXPECT_EQ(std::string(it.node().child_value("guid")), id);
    EXPECT_EQ(std::string(it.node().child_value("title")), "Feed 0 post " + std::to_string(k));
    // Feed 0 writes root-relative links so readers must resolve them against the feed URL.
    EXPECT_EQ(std::string(it.node().child_value("link")), "/posts/0/" + std::to_string(k));
    std::string html = it.node().child_value("description");
    EXPECT_NE(html.find("&amp;"), std::string::npos);
    EXPECT_NE(html.find("<br>"), std::string::npos);
    EXPECT_FALSE(std::string(it.node().child_value("pubDate")).empty());
    --k;
  }
}

TEST(Feeds, Rss2VariantsUseRelativeLinksCdataAndOffsets) {
  VirtualSim sim(busy());
  sim.clock.advance(10h);
  auto doc = parse_xml(sim.get("/feeds/4.xml").response.body);
  auto item = doc.select_node("/rss/channel/item").node();
  EXPECT_EQ(std::string(item.child_value("link")).rfind("../posts/4/", 0), 0u);
  EXPECT_EQ(item.child("description").first_child().type(), pugi::node_cdata);
  EXPECT_NE(std::string(item.child_value("pubDate")).find("+0800"), std::string::npos);
}

TEST(Feeds, AtomParses) {
  VirtualSim sim(busy());
  sim.clock.advance(10h);
  auto doc = parse_xml(sim.get("/feeds/1.xml").response.body);
  auto feed = doc.child("feed");
  ASSERT_TRUE(feed);
  int n = 0;
  for (auto e : feed.children("entry")) {
    ++n;
    EXPECT_EQ(std::string(e.child_value("id")).rfind("sim-1-", 0), 0u);
    EXPECT_EQ(std::string(e.child("link").attribute("href").value()).rfind("http://sim.test/posts/1/", 0), 0u);
    EXPECT_EQ(std::string(e.child_value("published")).back(), 'Z');
    EXPECT_NE(std::string(e.child_value("content")).find("<br>"), std::string::npos);
  }
  EXPECT_EQ(n, 5);
}

TEST(Feeds, RdfParses) {
  VirtualSim sim(busy());
  sim.clock.advance(10h);
  auto doc = parse_xml(sim.get("/feeds/2.xml").response.body);
  auto rdf = doc.child("rdf:RDF");
  ASSERT_TRUE(rdf);
  int n = 0;
  for (auto it : rdf.children("item")) {
    ++n;
    EXPECT_EQ(std::string(it.attribute("rdf:about").value()), it.child_value("link"));
    EXPECT_EQ(std::string(it.child_value("link")).rfind("http://sim.test/posts/2/", 0), 0u);
  }
  // RSS 1.0 has no guid, so the ground truth names its posts by URL, as a parser will.
  for (const SimPost& p : sim.core->posts(2)) {
    EXPECT_EQ(p.id, p.url);
    EXPECT_FALSE(p.image_url);
  }
  EXPECT_EQ(n, 5);
  EXPECT_EQ(rdf.child("channel").child("items").child("rdf:Seq").select_nodes("rdf:li").size(), 5u);
}

TEST(Feeds, JsonFeedParses) {
  VirtualSim sim(busy());
  sim.clock.advance(10h);
  SimReply r = sim.get("/feeds/3.json");
  ASSERT_EQ(r.response.status, 200);
  auto f = boost::json::parse(r.response.body).as_object();
  EXPECT_EQ(f.at("version").as_string(), "https://jsonfeed.org/version/1.1");
  auto& items = f.at("items").as_array();
  ASSERT_EQ(items.size(), 5u);
  int count = sim.core->post_count(3);
  EXPECT_EQ(items[0].at("id").as_string(), "sim-3-" + std::to_string(count - 1));
  EXPECT_EQ(items[0].at("url").as_string(), "http://sim.test/posts/3/" + std::to_string(count - 1));
  EXPECT_TRUE(items[0].at("date_published").is_string());
  EXPECT_EQ(sim.get("/feeds/3.xml").response.status, 404);
  EXPECT_EQ(sim.get("/feeds/0.json").response.status, 404);
  EXPECT_EQ(sim.get("/feeds/8.xml").response.status, 404);
}

TEST(Feeds, EmptyFeedsAreStillWellFormed) {
  VirtualSim sim(busy());
  for (int i = 0; i < 3; ++i) parse_xml(sim.get(feed_path(i)).response.body);
  EXPECT_TRUE(boost::json::parse(sim.get("/feeds/3.json").response.body).at("items").as_array().empty());
}

TEST(Feeds, EveryFifthPostHasAnImageAndCategoriesComeFromTheSet) {
  VirtualSim sim(busy());
  sim.clock.advance(20h);
  for (const SimPost& p : sim.core->posts(std::nullopt)) {
    bool rdf = feed_format_of(p.feed) == FeedFormat::rdf;
    EXPECT_EQ(p.image_url.has_value(), !rdf && (p.index + 1) % 5 == 0);
    EXPECT_LE(p.categories.size(), 2u);
  }
  SimReply media = sim.get("/media/0/4.jpg");
  EXPECT_EQ(media.response.status, 200);
  EXPECT_EQ(sim.get("/media/0/3.jpg").response.status, 404);
}

TEST(Feeds, PublishAddsPostsAtNow) {
  VirtualSim sim(busy());
  auto ids = sim.post_json("/_sim/publish?feed=1&n=3").at("published").as_array();
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0].as_string(), "sim-1-0");
  EXPECT_EQ(ids[2].as_string(), "sim-1-2");
  auto posts = sim.core->posts(1);
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_EQ(posts[0].published, sim.clock.now());
  auto doc = parse_xml(sim.get("/feeds/1.xml").response.body);
  EXPECT_EQ(std::string(doc.child("feed").child("entry").child_value("id")), "sim-1-2");
  EXPECT_EQ(sim.post_json("/_sim/publish?feed=2").at("published").at(0).as_string(), "http://sim.test/posts/2/0");
}

TEST(Feeds, ConditionalGet) {
  VirtualSim sim(busy());
  sim.clock.advance(2h);
  SimReply first = sim.get("/feeds/1.xml");
  ASSERT_EQ(first.response.status, 200);
  auto etag = header(first, "ETag");
  auto lm = header(first, "Last-Modified");
  ASSERT_TRUE(etag && lm);

  SimReply by_etag = sim.get("/feeds/1.xml", {{"If-None-Match", *etag}});
  EXPECT_EQ(by_etag.response.status, 304);
  EXPECT_TRUE(by_etag.response.body.empty());
  EXPECT_EQ(sim.get("/feeds/1.xml", {{"If-Modified-Since", *lm}}).response.status, 304);
  EXPECT_EQ(sim.get("/feeds/1.xml", {{"If-None-Match", "W/" + *etag}}).response.status, 304);

  sim.core->publish(1, 1);
  EXPECT_EQ(sim.get("/feeds/1.xml", {{"If-None-Match", *etag}}).response.status, 200);
  // If-None-Match wins over If-Modified-Since, so a post in the same second is not hidden.
  EXPECT_EQ(sim.get("/feeds/1.xml", {{"If-None-Match", *etag}, {"If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"}})
                .response.status,
            200);
  sim.clock.advance(5s);
  sim.core->publish(1, 1);
  EXPECT_EQ(sim.get("/feeds/1.xml", {{"If-Modified-Since", *lm}}).response.status, 200);

  auto stats = sim.core->stats();
  EXPECT_EQ(stats.feed(1).requests, 7u);
  EXPECT_EQ(stats.feed(1).not_modified, 3u);
}

TEST(Feeds, PostPage) {
  VirtualSim sim(busy());
  sim.core->publish(5, 1);
  SimReply page = sim.get("/posts/5/0");
  EXPECT_EQ(page.response.status, 200);
  EXPECT_NE(page.response.body.find("Feed 5 post 0"), std::string::npos);
  EXPECT_EQ(sim.get("/posts/5/1").response.status, 404);
}

TEST(Feeds, SameSeedServesIdenticalBytes) {
  VirtualSim a(busy()), b(busy());
  a.clock.advance(7h);
  b.clock.advance(7h);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(a.get(feed_path(i)).response.body, b.get(feed_path(i)).response.body);
}

}  // namespace
}  // namespace gather::sim
