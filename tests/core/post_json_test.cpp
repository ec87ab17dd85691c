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
  auto json = to_json(p);
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
