#include "core/post_json.h"

#include <gtest/gtest.h>

using namespace gather;

TEST(PostJson, RoundTripsEveryField) {
  Post p;
  p.id = "guid-1";
  p.url = "https://example.org/a";
  p.title = "Title";
  p.text = "Body & more";
  p.html = "<p>Body &amp; more</p>";
  p.author = "someone";
  p.published = TimePoint{std::chrono::seconds{1'763'690'400}};
  p.categories = {"news", "tech"};
  p.media = {Media{"https://example.org/a.jpg", "image", "image/jpeg"}};
  p.tags = {"超话", "topic"};
  p.truncated = true;
  p.edited = true;
  p.views = 12345;
  Post original;
  original.id = "4645748019299849";
  original.author = "原作者";
  original.text = "the reposted text";
  original.repost.push_back(Post{});  // a repost of a repost keeps its depth
  original.repost.front().id = "deeper";
  p.repost.push_back(original);
  auto json = to_json(p);
  EXPECT_EQ(json.at("repost").at("author").as_string(), "原作者");
  EXPECT_TRUE(json.at("repost").at("repost").at("repost").is_null());
  EXPECT_EQ(json.at("published").as_string(), "2025-11-21T02:00:00Z");
  EXPECT_TRUE(json.at("updated").is_null());
  Post back = post_from_json(boost::json::parse(boost::json::serialize(json)));
  EXPECT_EQ(back, p);
}

TEST(PostJson, NamesTheBadField) {
  auto v = boost::json::parse(R"({"id":"x","published":"yesterday"})");
  try {
    post_from_json(v);
    FAIL() << "accepted a bad date";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("published"), std::string::npos);
  }
}

TEST(PostJson, PayloadsFromBeforeTheNewFieldsStillRead) {
  auto v = boost::json::parse(R"({"id":"x","url":"https://a","categories":["c"],"media":[]})");
  Post p = post_from_json(v);
  EXPECT_TRUE(p.repost.empty());
  EXPECT_TRUE(p.tags.empty());
  EXPECT_FALSE(p.truncated);
  EXPECT_FALSE(p.views);
}
