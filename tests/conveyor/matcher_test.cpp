#include "conveyor/matcher.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

using namespace gather;

namespace {

std::vector<std::string> strings(const boost::json::value& v) {
  std::vector<std::string> out;
  for (const auto& e : v.as_array()) out.emplace_back(e.as_string());
  return out;
}

TEST(Matcher, FollowsTheSharedTagTruthTable) {
  std::ifstream in(GATHER_SHARED_FIXTURES "/platforms/tag_cases.json");
  ASSERT_TRUE(in) << "missing shared fixture tag_cases.json";
  std::stringstream buf;
  buf << in.rdbuf();
  auto cases = boost::json::parse(buf.str()).as_array();
  ASSERT_FALSE(cases.empty());
  int n = 0;
  for (const auto& c : cases) {
    const auto& in_case = c.at("case");
    auto tags = strings(in_case.at("post_tags"));
    auto wanted = strings(in_case.at("subscribed_tags"));
    auto banned = strings(in_case.at("banned_tags"));
    bool expected_drop = c.at("result").as_bool();
    EXPECT_EQ(tags_drop(tags, wanted, banned), expected_drop) << "case " << n;
    // The same through a subscription's filter list, where bans are written ~tag.
    Filters f;
    f.tags = wanted;
    for (const auto& b : banned) f.tags.push_back("~" + b);
    Post p;
    p.categories = tags;
    EXPECT_EQ(matches(f, p), !expected_drop) << "case " << n;
    ++n;
  }
}

Filters with(std::vector<std::string> categories, std::vector<std::string> keywords,
             std::vector<std::string> exclude = {}) {
  Filters f;
  f.categories = std::move(categories);
  f.keywords = std::move(keywords);
  f.exclude_keywords = std::move(exclude);
  return f;
}

TEST(Matcher, CategoriesAndKeywords) {
  Post p;
  p.title = "Rust 2.0 released";
  p.text = "The compiler is faster.";
  p.categories = {"tech"};
  EXPECT_TRUE(matches(Filters{}, p));
  EXPECT_TRUE(matches(with({"news", "tech"}, {}), p));
  EXPECT_FALSE(matches(with({"sports"}, {}), p));
  EXPECT_TRUE(matches(with({}, {"rust"}), p));
  EXPECT_TRUE(matches(with({}, {"COMPILER"}), p));
  EXPECT_FALSE(matches(with({}, {"python"}), p));
  EXPECT_FALSE(matches(with({}, {"rust"}, {"faster"}), p));
  p.title = "发布 新版本";
  EXPECT_TRUE(matches(with({}, {"新版本"}), p));
}

}  // namespace
