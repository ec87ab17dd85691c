// Real feeds saved from the wild (../shared/fixtures/platforms).
#include <gtest/gtest.h>

#include "platforms/rss/feed_parser.h"
#include "test_util.h"

namespace gather::rss {
namespace {

using gather::testing::shared_fixture;
using gather::testing::utc;

TEST(SharedFixtures, GithubReleasesAtom) {
  const Page page = parse_feed(shared_fixture("rss-github-atom.xml"),
                               "https://github.com/R3nzTheCodeGOD/R3nzSkin/releases.atom");
  EXPECT_EQ(page.feed.title, "Release notes from R3nzSkin");
  EXPECT_EQ(page.feed.link, "https://github.com/R3nzTheCodeGOD/R3nzSkin/releases");
  ASSERT_EQ(page.posts.size(), 5u);

  const Post& first = page.posts[0];
  EXPECT_EQ(first.id, "tag:github.com,2008:Repository/410126695/v3.0.9");
  EXPECT_EQ(first.title, "R3nzSkin");
  EXPECT_EQ(first.url, "https://github.com/R3nzTheCodeGOD/R3nzSkin/releases/tag/v3.0.9");
  EXPECT_FALSE(first.published.has_value());
  EXPECT_EQ(first.updated, utc(2023, 6, 28, 16, 46, 57));
  EXPECT_EQ(first.author, "hotline1337");
  EXPECT_EQ(first.text, "No content.");
  EXPECT_EQ(first.html, "");
  EXPECT_TRUE(first.categories.empty());
  EXPECT_EQ(first.media,
            (std::vector<Media>{{"https://avatars.githubusercontent.com/u/32012110?s=60&v=4", "image", ""}}));

  EXPECT_EQ(page.posts[3].id, "tag:github.com,2008:Repository/410126695/v3.0.6");
  EXPECT_EQ(page.posts[3].html, "<p>Added update available information</p>");
  EXPECT_EQ(page.posts[3].text, "Added update available information");
  EXPECT_EQ(page.posts[4].text, "Added \"Hide to tray\" option to the injector");
  EXPECT_EQ(page.posts[4].updated, utc(2023, 6, 3, 11, 53, 30));
}

TEST(SharedFixtures, RuanyifengAtom) {
  const Page page = parse_feed(shared_fixture("rss-ruanyifeng.xml"), "http://www.ruanyifeng.com/blog/atom.xml");
  EXPECT_EQ(page.feed.title, "阮一峰的网络日志");
  EXPECT_EQ(page.feed.link, "http://www.ruanyifeng.com/blog/");
  EXPECT_EQ(page.feed.description, "Ruan YiFeng's Blog");
  ASSERT_EQ(page.posts.size(), 3u);

  const Post& first = page.posts[0];
  EXPECT_EQ(first.id, "tag:www.ruanyifeng.com,2023:/blog//1.2368");
  EXPECT_EQ(first.title, "科技爱好者周刊（第 255 期）：对待 AI 的正确态度");
  EXPECT_EQ(first.url, "http://www.ruanyifeng.com/blog/2023/05/weekly-issue-255.html");
  EXPECT_EQ(first.published, utc(2023, 5, 19, 0, 12, 46));
  EXPECT_EQ(first.updated, utc(2023, 5, 20, 5, 55, 36));
  EXPECT_EQ(first.author, "阮一峰");
  EXPECT_EQ(first.categories, std::vector<std::string>{"Weekly"});
  // The content comes in several CDATA sections; all of them count.
  EXPECT_TRUE(first.text.starts_with("这里记录每周值得分享的科技内容，周五发布。\n本杂志开源，欢迎投稿。")) << first.text.substr(0, 200);
  EXPECT_NE(first.text.find("文档信息"), std::string::npos);
  EXPECT_EQ(first.text.find('<'), std::string::npos);
  ASSERT_FALSE(first.media.empty());
  EXPECT_EQ(first.media[0], (Media{"https://cdn.beekka.com/blogimg/asset/202305/bg2023051818.webp", "image", ""}));

  EXPECT_EQ(page.posts[1].title, "科技爱好者周刊（第 254 期）：人生是一个长板问题");
  EXPECT_EQ(page.posts[2].published, utc(2023, 5, 5, 0, 11, 13));
}

}  // namespace
}  // namespace gather::rss
