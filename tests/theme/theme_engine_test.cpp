// The chain, its counters, and the user's directory.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "theme/theme_engine.h"
#include "theme_test_util.h"

namespace gather::theme {
namespace {

namespace fs = std::filesystem;
using testing::target_on;
using testing::weibo_repost;

Post titled(const std::string& title) {
  Post p;
  p.id = "p1";
  p.title = title;
  p.text = "body";
  p.url = "https://a.test/1";
  return p;
}

Subscription with_theme(const std::string& theme) {
  Subscription s;
  s.theme = theme;
  return s;
}

TEST(ThemeChain, SubscriptionThemeComesFirst) {
  ThemeEngine engine{ThemeOptions{"", 600, {{"rss", "html"}}}};
  EXPECT_EQ(engine.render(titled("t"), target_on("rss"), with_theme("brief"), "raw").theme, "brief");
  EXPECT_TRUE(engine.failures().empty());
}

TEST(ThemeChain, ThenThePlatformDefaultThenTheSinkDefaultThenBasic) {
  ThemeEngine engine{ThemeOptions{"", 600, {{"rss", "html"}}}};
  EXPECT_EQ(engine.render(titled("t"), target_on("rss"), with_theme(""), "raw").theme, "html");
  EXPECT_EQ(engine.render(titled("t"), target_on("weibo"), with_theme(""), "raw").theme, "raw");
  EXPECT_EQ(engine.render(titled("t"), target_on("weibo"), with_theme(""), "").theme, "basic");
}

TEST(ThemeChain, BriefRefusingFallsBackAndIsCounted) {
  ThemeEngine engine{ThemeOptions{"", 600, {{"weibo", "markdown"}}}};
  Target weibo = target_on("weibo");
  RenderedMessage m = engine.render(weibo_repost(), weibo, with_theme("brief"), "raw");
  EXPECT_EQ(m.theme, "markdown");
  EXPECT_EQ(m.format, "markdownv2");
  engine.render(weibo_repost(), weibo, with_theme("brief"), "raw");
  EXPECT_EQ(engine.failures(), (std::map<std::string, std::uint64_t>{{"brief", 2}}));
  EXPECT_EQ(engine.failure_summary(), "brief 2 (the post has no title)");
}

TEST(ThemeChain, UnknownThemeIsCountedAndSkipped) {
  ThemeEngine engine;
  RenderedMessage m = engine.render(titled("t"), target_on("rss"), with_theme("gone"), "");
  EXPECT_EQ(m.theme, "basic");
  EXPECT_EQ(engine.failures().at("gone"), 1u);
}

TEST(ThemeChain, ThrowsWhenEveryThemeFails) {
  // An empty post gives basic nothing but the platform to say; a template that prints only the
  // title renders nothing at all, which counts as a failure.
  fs::path dir = fs::temp_directory_path() / ("gather-theme-chain-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "basic.mustache") << "{{title}}";
  ThemeEngine engine{ThemeOptions{dir.string(), 600, {}}};
  try {
    engine.render(Post{}, target_on("rss"), with_theme("brief"), "");
    ADD_FAILURE() << "rendered";
  } catch (const RenderError& e) {
    EXPECT_NE(std::string(e.what()).find("brief: the post has no title; basic: the template rendered nothing"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(engine.failures().at("basic"), 1u);
  fs::remove_all(dir);
}

TEST(ThemeChain, RendererIsTheChain) {
  ThemeEngine engine;
  Renderer r = engine.renderer();
  EXPECT_EQ(r(titled("t"), target_on("rss"), with_theme(""), "raw").theme, "raw");
}

class UserThemes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-themes-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string load_error() {
    try {
      ThemeEngine engine{ThemeOptions{dir_.string(), 600, {}}};
    } catch (const ThemeError& e) {
      return e.what();
    }
    return "(loaded)";
  }
  fs::path dir_;
};

TEST_F(UserThemes, AddAndOverride) {
  write("short.html.mustache", "<b>{{title}}</b> {{#repost}}re: {{author}}{{/repost}}");
  write("basic.mustache", "{{title}} by {{author}}");
  write("README.md", "not a theme");
  ThemeEngine engine{ThemeOptions{dir_.string(), 600, {}}};
  EXPECT_TRUE(engine.has("short"));
  EXPECT_FALSE(engine.has("README"));
  Post p = titled("a<b");
  p.author = "me";
  RenderedMessage s = engine.render_with("short", p, target_on("rss"));
  EXPECT_EQ(s.text, "<b>a&lt;b</b>");
  EXPECT_EQ(s.format, "html");
  EXPECT_EQ(engine.render_with("basic", p, target_on("rss")).text, "a<b by me");
  EXPECT_EQ(engine.render_with("basic", p, target_on("rss")).format, "plain");
  // The built-ins not overridden are still there.
  EXPECT_TRUE(engine.has("markdown"));
}

TEST_F(UserThemes, SyntaxErrorNamesFileLineAndProblem) {
  write("bad.mustache", "{{title}}\n{{#repost}}\n{{text}}\n");
  std::string e = load_error();
  EXPECT_NE(e.find((dir_ / "bad.mustache").string() + ":2:1: Unclosed section \"repost\""), std::string::npos) << e;

  fs::remove(dir_ / "bad.mustache");
  write("bad2.markdownv2.mustache", "ok\n  {{title");
  e = load_error();
  EXPECT_NE(e.find("bad2.markdownv2.mustache:2:3: Unclosed tag"), std::string::npos) << e;
}

TEST_F(UserThemes, UnknownVariableIsAnErrorNotSilence) {
  write("typo.mustache", "{{title}}\n{{#repost}}{{autor}}{{/repost}}");
  std::string e = load_error();
  EXPECT_NE(e.find("typo.mustache:2:12: unknown variable 'autor'"), std::string::npos) << e;
  fs::remove(dir_ / "typo.mustache");
  write("part.mustache", "{{title}} {{> footer}}");
  e = load_error();
  EXPECT_NE(e.find("part.mustache:1:11: partials ({{> footer}}) are not supported"), std::string::npos) << e;
}

TEST_F(UserThemes, BadFileNames) {
  write("x.bbcode.mustache", "{{title}}");
  EXPECT_NE(load_error().find("x.bbcode.mustache: unknown format 'bbcode'"), std::string::npos);
  fs::remove(dir_ / "x.bbcode.mustache");
  write("raw.mustache", "{{title}}");
  EXPECT_NE(load_error().find("raw.mustache: 'raw' is the post as JSON"), std::string::npos);
  fs::remove(dir_ / "raw.mustache");
  write("twice.mustache", "{{title}}");
  write("twice.html.mustache", "{{title}}");
  EXPECT_NE(load_error().find("theme 'twice' is also defined by"), std::string::npos);
}

TEST_F(UserThemes, MissingDirectory) {
  try {
    ThemeEngine engine{ThemeOptions{(dir_ / "nope").string(), 600, {}}};
    ADD_FAILURE() << "loaded";
  } catch (const ThemeError& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
  }
}

TEST_F(UserThemes, UnescapedHrefLeavesNoMark) {
  write("link.markdownv2.mustache", "[x]({{{href}}}) [y]({{href}})");
  ThemeEngine engine{ThemeOptions{dir_.string(), 600, {}}};
  Post p = titled("t");
  p.url = "https://a.test/(1)";
  EXPECT_EQ(engine.render_with("link", p, target_on("rss")).text, "[x](https://a.test/(1)) [y](https://a.test/(1\\))");
}

}  // namespace
}  // namespace gather::theme
