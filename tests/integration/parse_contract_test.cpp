// `gather parse` is a stable contract: exact keys, RFC 3339 UTC times or null, absolute URLs,
// plain text; exit 2 with one line on input that is not a feed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <boost/json.hpp>

#include <regex>
#include <set>

#include "process.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

std::set<std::string> keys(const json::object& o) {
  std::set<std::string> out;
  for (const auto& kv : o) out.insert(std::string(kv.key()));
  return out;
}

void expect_contract(const json::object& doc) {
  EXPECT_EQ(keys(doc), (std::set<std::string>{"feed", "posts"}));
  EXPECT_EQ(keys(doc.at("feed").as_object()), (std::set<std::string>{"title", "link", "description", "image"}));
  const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  for (const auto& v : doc.at("posts").as_array()) {
    const auto& p = v.as_object();
    // reply_to appears only on replies; every other key always.
    auto post_keys = keys(p);
    post_keys.erase("reply_to");
    EXPECT_EQ(post_keys, (std::set<std::string>{"id", "url", "title", "text", "html", "author", "published", "updated",
                                                "categories", "tags", "media", "truncated", "edited", "views",
                                                "repost"}));
    if (p.contains("reply_to")) {
      EXPECT_FALSE(p.at("reply_to").as_string().empty());
    }
    EXPECT_FALSE(p.at("id").as_string().empty());
    std::string url(p.at("url").as_string());
    EXPECT_TRUE(url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) << url;
    for (const char* k : {"published", "updated"}) {
      const auto& t = p.at(k);
      if (!t.is_null()) {
        EXPECT_TRUE(std::regex_match(std::string(t.as_string()), rfc3339)) << t;
      }
    }
    std::string text(p.at("text").as_string());
    EXPECT_EQ(text.find("<p>"), std::string::npos) << text;
    EXPECT_EQ(text.find("&amp;"), std::string::npos) << text;
    // url, type, mime always; the details only where the platform knows them (TDLib).
    const std::set<std::string> details{"ref", "size", "width", "height", "duration", "file_name"};
    for (const auto& m : p.at("media").as_array()) {
      std::set<std::string> media_keys;
      for (const auto& k : keys(m.as_object()))
        if (!details.contains(k)) media_keys.insert(k);
      EXPECT_EQ(media_keys, (std::set<std::string>{"url", "type", "mime"}));
    }
  }
}

json::object parse_file(const std::string& path, std::vector<std::string> extra = {}, std::string platform = "rss") {
  std::vector<std::string> args{gather_binary(), "parse", "--platform", platform, path};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out).as_object();
}

TEST(ParseContract, SharedAtomFixture) {
  auto doc = parse_file(GATHER_SHARED_FIXTURES "/platforms/rss-github-atom.xml");
  expect_contract(doc);
  EXPECT_FALSE(doc.at("posts").as_array().empty());
}

TEST(ParseContract, SharedRssFixture) {
  auto doc = parse_file(GATHER_SHARED_FIXTURES "/platforms/rss-ruanyifeng.xml");
  expect_contract(doc);
  EXPECT_FALSE(doc.at("posts").as_array().empty());
  EXPECT_FALSE(doc.at("feed").at("title").as_string().empty());
}

TEST(ParseContract, RelativeLinksResolveAgainstUrl) {
  std::string dir = temp_dir("parse-rel");
  std::ofstream(dir + "/f.xml") << R"(<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>A &amp; B</title><link>/posts/1</link><description>&lt;p&gt;x &amp;amp; y&lt;/p&gt;</description>
    <pubDate>Sat, 21 Nov 2026 10:00:00 +0800</pubDate></item></channel></rss>)";
  auto doc = parse_file(dir + "/f.xml", {"--url", "https://example.org/feed.xml"});
  expect_contract(doc);
  const auto& post = doc.at("posts").as_array().at(0);
  EXPECT_EQ(post.at("url").as_string(), "https://example.org/posts/1");
  EXPECT_EQ(post.at("title").as_string(), "A & B");
  EXPECT_EQ(post.at("text").as_string(), "x & y");
  EXPECT_EQ(post.at("published").as_string(), "2026-11-21T02:00:00Z");
  std::filesystem::remove_all(dir);
}

TEST(ParseContract, GarbageExitsTwoWithOneLine) {
  std::string dir = temp_dir("parse-bad");
  for (std::string body : {std::string("this is not xml"), std::string("<html><body>hi</body></html>"),
                           std::string("")}) {
    std::ofstream(dir + "/bad") << body;
    auto r = run({gather_binary(), "parse", "--platform", "rss", dir + "/bad"});
    EXPECT_EQ(r.exit_code, 2) << body;
    EXPECT_TRUE(r.out.empty());
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(run({gather_binary(), "parse", "--platform", "rss", dir + "/missing"}).exit_code, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace

// The same contract for every platform, on the real responses in the shared fixtures and ours.
TEST(ParseContract, EveryPlatform) {
  const std::string shared = GATHER_SHARED_FIXTURES "/platforms/";
  const std::string own = GATHER_SOURCE_DIR "/tests/fixtures/";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"weibo", shared + "weibo_ak_list_1.json"},           {"bilibili", shared + "bilibili-new.json"},
      {"bilibili", own + "bilibili/space_kinds.json"},      {"bilibili-live", shared + "bili_live_status.json"},
      {"bilibili-live", own + "bilibili/live_two_rooms.json"}, {"telegram", own + "telegram/photos.html"},
      {"telegram", own + "telegram/forwarded.html"}};
  for (const auto& [platform, file] : cases) {
    SCOPED_TRACE(platform + " " + file);
    const auto doc = parse_file(file, {}, platform);
    expect_contract(doc);
    for (const auto& p : doc.at("posts").as_array()) EXPECT_TRUE(p.as_object().contains("repost"));
  }
}

// bilibili-live without a previous state: a room on air is 开播, with its room, cover and start.
TEST(ParseContract, BilibiliLiveRoomOnAirIsALiveStart) {
  const auto doc = parse_file(GATHER_SOURCE_DIR "/tests/fixtures/bilibili/live_two_rooms.json", {}, "bilibili-live");
  const auto& posts = doc.at("posts").as_array();
  ASSERT_EQ(posts.size(), 1u) << doc;
  const auto& p = posts.at(0).as_object();
  EXPECT_EQ(p.at("id").as_string(), "672328094/live/1795406400");
  EXPECT_EQ(p.at("url").as_string(), "https://live.bilibili.com/22637261");
  EXPECT_EQ(p.at("title").as_string(), "晚间杂谈 & 答疑");
  EXPECT_EQ(p.at("author").as_string(), "嘉然今天吃什么");
  EXPECT_EQ(p.at("published").as_string(), "2026-11-23T04:00:00Z");
  EXPECT_EQ(p.at("categories").as_array().at(0).as_string(), "开播");
  EXPECT_EQ(p.at("media").as_array().at(0).at("url").as_string(),
            "https://i0.hdslb.com/bfs/live/new_room_cover/9d9b5c2e7e3c.jpg");
  EXPECT_EQ(doc.at("feed").at("title").as_string(), "") << "two rooms: no single profile";
}

// TDLib's JSON through the parse-only telegram-tdlib platform: the same contract, the chat named
// by --url, ids as the web preview's; the account-bound file ids never in the output.
TEST(ParseContract, TelegramTdlibMessages) {
  const std::string file = GATHER_SOURCE_DIR "/tests/fixtures/telegram_tdlib/history.json";
  const auto doc = parse_file(file, {"--url", "https://t.me/gatherdemo"}, "telegram-tdlib");
  expect_contract(doc);
  const auto& posts = doc.at("posts").as_array();
  ASSERT_EQ(posts.size(), 17u);
  EXPECT_EQ(posts.at(0).at("id").as_string(), "gatherdemo/30");
  EXPECT_EQ(posts.at(0).at("url").as_string(), "https://t.me/gatherdemo/30");
  EXPECT_EQ(doc.at("feed").at("link").as_string(), "https://t.me/gatherdemo");
  bool saw_reply = false;
  for (const auto& v : posts) {
    const auto& p = v.as_object();
    if (p.at("id").as_string() == "gatherdemo/14") {
      saw_reply = true;
      EXPECT_EQ(p.at("reply_to").as_string(), "gatherdemo/12");
    }
    if (p.at("id").as_string() == "gatherdemo/11") {
      const auto& m = p.at("media").at(0).as_object();
      EXPECT_EQ(m.at("url").as_string(), "tg:AQADsingle");
      EXPECT_EQ(m.at("ref").as_string(), "tg:AQADsingle");
      EXPECT_EQ(m.at("width").as_int64(), 1280);
      EXPECT_FALSE(m.contains("internal_id"));
    }
  }
  EXPECT_TRUE(saw_reply);
  // Without --url nothing names the chat: one line, exit 2.
  auto r = run({gather_binary(), "parse", "--platform", "telegram-tdlib", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}
