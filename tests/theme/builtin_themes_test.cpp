// Every built-in theme on posts the parsers made from real responses.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/post_json.h"
#include "theme/text_cut.h"
#include "theme/theme_engine.h"
#include "theme_test_util.h"

namespace gather::theme {
namespace {

using testing::parse_fixture;
using testing::target_on;
using testing::weibo_page;
using testing::weibo_repost;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class BuiltinThemes : public ::testing::Test {
 protected:
  ThemeEngine engine{ThemeOptions{}};
  Target weibo = target_on("weibo", "明日方舟");
  const Page rss = parse_fixture("rss", "rss-ruanyifeng.xml", "https://www.ruanyifeng.com/blog/atom.xml");
};

TEST_F(BuiltinThemes, AllAreKnown) {
  for (const char* name : {"basic", "brief", "markdown", "html", "raw"}) EXPECT_TRUE(engine.has(name)) << name;
  EXPECT_FALSE(engine.has("nope"));
}

TEST_F(BuiltinThemes, BasicOnAWeiboRepostQuotesTheOriginal) {
  RenderedMessage m = engine.render_with("basic", weibo_repost(), weibo);
  EXPECT_EQ(m.theme, "basic");
  EXPECT_EQ(m.format, "plain");
  EXPECT_TRUE(m.text.starts_with("恭喜@黄防护服黄 等10名用户获得【音律联觉主题黑胶礼盒各一套】。")) << m.text;
  EXPECT_TRUE(contains(m.text, "\n\n> 明日方舟Arknights · 2021-06-08 01:35 UTC\n> #明日方舟# #音律联觉#\n> 2021明日方舟"))
      << m.text;
  EXPECT_TRUE(contains(m.text, "\n> \n> 一、音律联觉原声EP")) << m.text;  // the quoted blank line stays quoted
  EXPECT_TRUE(m.text.ends_with("\n\n明日方舟Arknights · weibo · 2021-06-16 12:07 UTC\nhttps://weibo.com/6279793937/KktFEsjrO"))
      << m.text;
  // The repost has no picture of its own; the original's cover is the one to show.
  EXPECT_EQ(m.images, (std::vector<std::string>{"https://wx4.sinaimg.cn/crop.0.33.960.533/006QZngZgy1grapj0wc3ej30qo0goton.jpg"}));
}

TEST_F(BuiltinThemes, BasicCutsLongTextAtTheLimitOnABoundary) {
  const Post& post = rss.posts.at(0);
  ASSERT_GT(code_points(post.text), 600u);
  RenderedMessage m = engine.render_with("basic", post, target_on("rss"));
  EXPECT_TRUE(m.text.starts_with("科技爱好者周刊（第 255 期）：对待 AI 的正确态度\n\n这里记录每周值得分享的科技内容")) << m.text;
  EXPECT_TRUE(contains(m.text, "AI 发展到了什么程度。…\n\n阮一峰 · rss · 2023-05-19 00:12 UTC\n")) << m.text;
  EXPECT_EQ(m.images.size(), 39u);

  ThemeEngine short_engine{ThemeOptions{"", 40, {}}};
  RenderedMessage s = short_engine.render_with("basic", post, target_on("rss"));
  auto body = s.text.substr(s.text.find("\n\n") + 2);
  body = body.substr(0, body.find("\n\n"));
  EXPECT_LE(code_points(body), 40u);
  EXPECT_TRUE(body.ends_with("…")) << body;
}

TEST_F(BuiltinThemes, BasicWithoutTitleOrTextStillSaysWhereItCameFrom) {
  const Page tg = parse_fixture("telegram", "telegram/photos.html", "https://t.me/s/GatherPics");
  RenderedMessage m = engine.render_with("basic", tg.posts.at(0), target_on("telegram"));
  EXPECT_EQ(m.text, "Gather Pictures · telegram · 2026-04-11 07:05 UTC\nhttps://t.me/GatherPics/204");
  EXPECT_EQ(m.images.size(), 1u);
}

TEST_F(BuiltinThemes, BriefIsTitleLinkAndFirstPicture) {
  RenderedMessage m = engine.render_with("brief", rss.posts.at(0), target_on("rss"));
  EXPECT_EQ(m.text, "科技爱好者周刊（第 255 期）：对待 AI 的正确态度\nhttp://www.ruanyifeng.com/blog/2023/05/weekly-issue-255.html");
  ASSERT_EQ(m.images.size(), 1u);
  EXPECT_EQ(m.images[0], rss.posts.at(0).media.at(0).url);
}

TEST_F(BuiltinThemes, BriefRefusesAPostWithoutTitle) {
  // Weibo posts have no title (weibo_api.h).
  EXPECT_THROW(engine.render_with("brief", weibo_page().posts.at(0), weibo), RenderError);
}

TEST_F(BuiltinThemes, MarkdownEscapesTextAndLinkButKeepsItsOwnMarkup) {
  RenderedMessage m = engine.render_with("markdown", weibo_repost(), weibo);
  EXPECT_EQ(m.format, "markdownv2");
  EXPECT_TRUE(contains(m.text, "微博抽奖平台 \\-高级版")) << m.text;
  EXPECT_TRUE(contains(m.text, "\n\n>_明日方舟Arknights · 2021\\-06\\-08 01:35 UTC_\n>\\#明日方舟\\# \\#音律联觉\\#\n"))
      << m.text;
  EXPECT_TRUE(contains(m.text, "\n>\n>一、")) << m.text;
  EXPECT_TRUE(contains(m.text, ">2\\. Ma \\.\\.\\.\n")) << m.text;
  EXPECT_TRUE(m.text.ends_with("\n\n[明日方舟Arknights · weibo · 2021\\-06\\-16 12:07 UTC](https://weibo.com/6279793937/KktFEsjrO)"))
      << m.text;
}

TEST_F(BuiltinThemes, MarkdownEscapesEverySpecialCharacterOfAPost) {
  Post p;
  p.title = "a_b*c";
  p.text = "_*[]()~`>#+-=|{}.!\\ end";
  p.author = "x.y";
  p.url = "https://en.wikipedia.org/wiki/C_(lang)\\x";
  RenderedMessage m = engine.render_with("markdown", p, target_on("rss"));
  EXPECT_EQ(m.text,
            "*a\\_b\\*c*\n\n"
            "\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\ end\n\n"
            "[x\\.y · rss](https://en.wikipedia.org/wiki/C_(lang\\)\\\\x)");
}

TEST_F(BuiltinThemes, HtmlEscapesTextAndAttributes) {
  Post p;
  p.title = "<script>";
  p.text = "Tom & \"Jerry\" <3";
  p.author = "A&B";
  p.url = "https://x.test/?a=1&b=\"2\"";
  RenderedMessage m = engine.render_with("html", p, target_on("rss"));
  EXPECT_EQ(m.format, "html");
  EXPECT_EQ(m.text,
            "<b>&lt;script&gt;</b>\n\nTom &amp; &quot;Jerry&quot; &lt;3\n\n"
            "<a href=\"https://x.test/?a=1&amp;b=&quot;2&quot;\">A&amp;B · rss</a>");
}

TEST_F(BuiltinThemes, HtmlQuotesTheRepost) {
  RenderedMessage m = engine.render_with("html", weibo_repost(), weibo);
  EXPECT_TRUE(contains(m.text, "<blockquote><i>明日方舟Arknights · 2021-06-08 01:35 UTC</i>\n#明日方舟# #音律联觉#\n")) << m.text;
  EXPECT_TRUE(contains(m.text, "2. Ma ...</blockquote>\n\n<a href=\"https://weibo.com/6279793937/KktFEsjrO\">")) << m.text;
}

TEST_F(BuiltinThemes, RawIsThePostAsJsonAndRoundTrips) {
  for (const Post& post : weibo_page().posts) {
    RenderedMessage m = engine.render_with("raw", post, weibo);
    EXPECT_EQ(m.format, "json");
    EXPECT_EQ(m.theme, "raw");
    EXPECT_EQ(post_from_json(boost::json::parse(m.text)), post) << post.id;
  }
}

TEST_F(BuiltinThemes, EveryThemeRendersEveryFixturePost) {
  std::vector<std::pair<std::string, Page>> pages;
  pages.emplace_back("weibo", weibo_page());
  pages.emplace_back("rss", rss);
  pages.emplace_back("rss", parse_fixture("rss", "rss-github-atom.xml", "https://github.com/"));
  pages.emplace_back("bilibili", parse_fixture("bilibili", "bilibili-new.json"));
  for (const char* f : {"telegram/channel_text.html", "telegram/photos.html", "telegram/forwarded.html", "telegram/video.html"})
    pages.emplace_back("telegram", parse_fixture("telegram", f, "https://t.me/s/channel"));
  std::size_t rendered = 0;
  for (const auto& [platform, page] : pages)
    for (const Post& post : page.posts)
      for (const char* theme : {"basic", "markdown", "html", "raw"}) {
        RenderedMessage m = engine.render_with(theme, post, target_on(platform));
        EXPECT_FALSE(m.text.empty()) << theme << " " << post.id;
        EXPECT_EQ(m.text.find('\x1e'), std::string::npos);
        ++rendered;
      }
  EXPECT_GT(rendered, 100u);
}

}  // namespace
}  // namespace gather::theme
