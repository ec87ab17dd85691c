// [themes] in the config file and `sub add --theme`: names are checked where they are written.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/config.h"
#include "theme_test_util.h"

namespace gather {
namespace {

namespace fs = std::filesystem;

class ThemeConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-theme-config-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "themes");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write_config(const std::string& text) {
    std::string path = (dir_ / "gather.toml").string();
    std::ofstream(path) << text;
    return path;
  }
  std::string error_of(const std::string& text) {
    try {
      load_config(write_config(text));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(loaded)";
  }
  // Runs the gather binary; returns its exit code, with stdout+stderr in `out`.
  int gather(const std::string& args, std::string& out) {
    std::string log = (dir_ / "out.txt").string();
    int rc = std::system((std::string(GATHER_BINARY) + " --data " + (dir_ / "data").string() + " " + args + " >" +
                          log + " 2>&1")
                             .c_str());
    out = theme::testing::read_file(log);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }
  fs::path dir_;
};

constexpr const char* kTarget = "[[target]]\nname = \"ak\"\nplatform = \"weibo\"\nurl = \"6279793937\"\n";

TEST_F(ThemeConfig, ReadsDirLimitAndPlatformDefaults) {
  std::ofstream(dir_ / "themes" / "mine.html.mustache") << "<b>{{title}}</b>";
  Config c = load_config(write_config(std::string("[themes]\ndir = \"themes\"\ntext_limit = 200\n"
                                                  "[themes.platform]\nweibo = \"basic\"\nrss = \"mine\"\n") +
                                      kTarget + "[[subscription]]\ntarget = \"ak\"\nto = \"jsonl:o.jsonl\"\ntheme = \"mine\"\n"));
  EXPECT_EQ(c.themes.dir, (dir_ / "themes").string());
  EXPECT_EQ(c.themes.text_limit, 200u);
  EXPECT_EQ(c.themes.platform, (std::map<std::string, std::string>{{"rss", "mine"}, {"weibo", "basic"}}));
  ASSERT_EQ(c.subscriptions.size(), 1u);
  EXPECT_EQ(c.subscriptions[0].subscription.theme, "mine");
}

TEST_F(ThemeConfig, UnknownNamesAreRefusedWithFileLineAndWhere) {
  std::string e = error_of(std::string(kTarget) + "[[subscription]]\ntarget = \"ak\"\nto = \"jsonl:o.jsonl\"\ntheme = \"fancy\"\n");
  EXPECT_NE(e.find("gather.toml:8: unknown theme 'fancy' in the [[subscription]] of target 'ak' (known: basic, brief, html, markdown, raw)"),
            std::string::npos)
      << e;
  e = error_of("[themes.platform]\nweibo = \"fancy\"\n");
  EXPECT_NE(e.find("gather.toml:2: unknown theme 'fancy' for platform 'weibo'"), std::string::npos) << e;
  e = error_of("[themes.platform]\nmyspace = \"basic\"\n");
  EXPECT_NE(e.find("gather.toml:2: unknown platform 'myspace' in [themes.platform]"), std::string::npos) << e;
  e = error_of("[themes]\ncolour = \"red\"\n");
  EXPECT_NE(e.find("gather.toml:2: unknown key 'colour' in [themes]"), std::string::npos) << e;
  e = error_of("[themes]\ntext_limit = 3\n");
  EXPECT_NE(e.find("'text_limit' must be at least 16"), std::string::npos) << e;
}

TEST_F(ThemeConfig, ABrokenTemplateStopsTheConfigNamingTheFile) {
  std::ofstream(dir_ / "themes" / "bad.mustache") << "{{#title}}\n{{title}}\n";
  std::string e = error_of("[themes]\ndir = \"themes\"\n");
  EXPECT_NE(e.find("gather.toml:2: [themes] dir: " + (dir_ / "themes" / "bad.mustache").string() +
                   ":1:1: Unclosed section \"title\""),
            std::string::npos)
      << e;
}

TEST_F(ThemeConfig, SubAddChecksTheThemeAndSubLsShowsIt) {
  std::string out;
  ASSERT_EQ(gather("target add rss https://example.org/feed.xml", out), 0) << out;
  EXPECT_EQ(gather("sub add --target 1 --to jsonl:" + (dir_ / "o.jsonl").string() + " --theme fancy", out), 2);
  EXPECT_NE(out.find("--theme: unknown theme 'fancy' (known: basic, brief, html, markdown, raw)"), std::string::npos) << out;
  ASSERT_EQ(gather("sub add --target 1 --to jsonl:" + (dir_ / "o.jsonl").string() + " --theme markdown", out), 0) << out;
  ASSERT_EQ(gather("sub add --target 1 --to jsonl:" + (dir_ / "p.jsonl").string(), out), 0) << out;
  ASSERT_EQ(gather("sub ls", out), 0) << out;
  EXPECT_NE(out.find("THEME"), std::string::npos) << out;
  EXPECT_NE(out.find("markdown"), std::string::npos) << out;
  ASSERT_EQ(gather("--json sub ls", out), 0) << out;
  EXPECT_NE(out.find("\"theme\":\"markdown\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"theme\":\"\""), std::string::npos) << out;
}

}  // namespace
}  // namespace gather
