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

// A post without the optional fields (every platform but TDLib's) serialises exactly as it did
// before they existed: no reply_to key, media with url, type and mime only.
TEST(PostJson, OptionalFieldsAbsentKeepTheOldBytes) {
  Post p;
  p.id = "a/1";
  p.url = "https://example.org/a";
  p.media = {Media{"https://example.org/a.jpg", "image", ""}};
  EXPECT_EQ(boost::json::serialize(to_json(p)),
            R"({"id":"a/1","url":"https://example.org/a","title":"","text":"","html":"","author":"",)"
            R"("published":null,"updated":null,"categories":[],"tags":[],)"
            R"("media":[{"url":"https://example.org/a.jpg","type":"image","mime":""}],)"
            R"("truncated":false,"edited":false,"views":null,"repost":null})");
}

TEST(PostJson, ReplyToAndMediaDetailsRoundTrip) {
  Post p;
  p.id = "chan/7";
  p.reply_to = "chan/5";
  Media m{"tg:AQADdef", "video", "video/mp4"};
  m.ref = "tg:AQADdef";
  m.size = 5'000'000'000;  // beyond 32 bits
  m.width = 1280;
  m.height = 720;
  m.duration = 31;
  m.file_name = "clip.mp4";
  p.media = {m};
  const auto json = to_json(p);
  EXPECT_EQ(json.at("reply_to").as_string(), "chan/5");
  const auto& mj = json.at("media").at(0).as_object();
  EXPECT_EQ(mj.at("ref").as_string(), "tg:AQADdef");
  EXPECT_EQ(mj.at("size").as_int64(), 5'000'000'000);
  EXPECT_EQ(mj.at("width").as_int64(), 1280);
  EXPECT_EQ(mj.at("height").as_int64(), 720);
  EXPECT_EQ(mj.at("duration").as_int64(), 31);
  EXPECT_EQ(mj.at("file_name").as_string(), "clip.mp4");
  EXPECT_EQ(post_from_json(boost::json::parse(boost::json::serialize(json))), p);
}

// The account-bound file handle never leaves the process: it is not in the JSON, and a post read
// back from JSON has none.
TEST(PostJson, InternalFileIdIsNeverSerialised) {
  Post p;
  p.id = "chan/8";
  Media m{"tg:AQADxyz", "image", "image/jpeg"};
  m.internal_id = "4242";
  p.media = {m};
  const std::string text = boost::json::serialize(to_json(p));
  EXPECT_EQ(text.find("4242"), std::string::npos) << text;
  EXPECT_EQ(text.find("internal"), std::string::npos) << text;
  const Post back = post_from_json(boost::json::parse(text));
  EXPECT_EQ(back.media.at(0).internal_id, "");
  p.media[0].internal_id.clear();
  EXPECT_EQ(back, p);
}

TEST(PostJson, NamesABadMediaNumber) {
  auto v = boost::json::parse(R"({"id":"x","media":[{"url":"u","type":"image","mime":"","size":"big"}]})");
  try {
    post_from_json(v);
    FAIL() << "accepted a bad size";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("size"), std::string::npos);
  }
}
