// The chat sinks from the command line and the config file: destinations are accepted or refused
// with a message naming what is wrong, and [sink.KIND] is checked like every other table.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "process.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

class ChatCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("gather-chat-cli-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    cfg_ = dir_ + "/gather.toml";
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  Result gather(std::vector<std::string> args) {
    args.insert(args.begin(), {GATHER_BINARY, "--data", dir_ + "/data"});
    return run(args);
  }
  Result with_config(const std::string& toml, std::vector<std::string> args) {
    std::ofstream(cfg_) << "data = \"data\"\n" << toml;
    args.insert(args.begin(), {GATHER_BINARY, "--config", cfg_});
    return run(args);
  }
  std::string dir_, cfg_;
};

TEST_F(ChatCliTest, SubAddTakesTelegramAndOneBotChats) {
  ASSERT_EQ(gather({"target", "add", "rss", "https://example.org/feed.xml"}).exit_code, 0);
  for (std::string to : {"telegram-bot:123", "telegram-bot:-1001234567890", "telegram-bot:@news_channel",
                         "onebot:group:456", "onebot:private:10001"}) {
    auto r = gather({"sub", "add", "--target", "1", "--to", to});
    EXPECT_EQ(r.exit_code, 0) << to << ": " << r.err;
  }
  auto subs = json::parse(gather({"--json", "sub", "ls"}).out).as_array();
  ASSERT_EQ(subs.size(), 5u);
  EXPECT_EQ(subs[0].at("to").as_string(), "telegram-bot:123");
  EXPECT_EQ(subs[3].at("to").as_string(), "onebot:group:456");
}

TEST_F(ChatCliTest, BadChatAddressesAreRefusedSayingWhatIsWrong) {
  ASSERT_EQ(gather({"target", "add", "rss", "https://example.org/feed.xml"}).exit_code, 0);
  auto expect_refused = [&](const std::string& to, const std::string& says) {
    auto r = gather({"sub", "add", "--target", "1", "--to", to});
    EXPECT_EQ(r.exit_code, 2) << to;
    EXPECT_NE(r.err.find(says), std::string::npos) << to << ": " << r.err;
  };
  expect_refused("telegram-bot:abc", "telegram-bot destination 'abc' is not a chat");
  expect_refused("telegram-bot:", "telegram-bot:@channelname");
  expect_refused("telegram-bot:@x", "5-32 letters");
  expect_refused("onebot:guild:1", "onebot destination 'guild:1' must be group:NUMBER or private:NUMBER");
  expect_refused("onebot:group:12a", "onebot destination 'group:12a'");
  expect_refused("telegram:123", "unknown destination kind 'telegram'");
  EXPECT_TRUE(json::parse(gather({"--json", "sub", "ls"}).out).as_array().empty());
}

TEST_F(ChatCliTest, SinkTablesAreCheckedWithFileLineAndKey) {
  const std::string target = "[[target]]\nname = \"a\"\nurl = \"https://example.org/a\"\n";
  auto r = with_config("[sink.telegram-bot]\ntokn = \"x\"\n", {"status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(cfg_ + ":3: unknown key 'tokn' in [sink.telegram-bot]"), std::string::npos) << r.err;

  r = with_config(target + "[[subscription]]\ntarget = \"a\"\nto = \"telegram-bot:123\"\n", {"status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":7: telegram-bot subscriptions need a bot token: set 'token' in [sink.telegram-bot]"),
            std::string::npos)
      << r.err;

  r = with_config(target + "[[subscription]]\ntarget = \"a\"\nto = \"onebot:group:1\"\n", {"status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("set 'url' in [sink.onebot]"), std::string::npos) << r.err;

  r = with_config("[sink.onebot]\nurl = \"http://127.0.0.1:5700\"\nmerge = true\n", {"status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":4: 'merge = true' needs 'self_id'"), std::string::npos) << r.err;

  r = with_config("[sink.onebot]\nurl = \"ws://x\"\n", {"status"});
  EXPECT_NE(r.err.find(":3: 'url' must start with http:// or https://"), std::string::npos) << r.err;
  r = with_config("[sink.telegram-bot]\nrate = 0\n", {"status"});
  EXPECT_NE(r.err.find(":3: 'rate' must be a number of messages per second above 0"), std::string::npos) << r.err;
  r = with_config("[sink.telegram-bot]\ngap = \"soon\"\n", {"status"});
  EXPECT_NE(r.err.find(":3: 'gap' must be seconds"), std::string::npos) << r.err;
  r = with_config("[sink.pigeon]\ngap = 1\n", {"status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown destination kind 'pigeon'"), std::string::npos) << r.err;

  r = with_config("[sink.telegram-bot]\ntoken = \"1:abc\"\nbase_url = \"http://127.0.0.1:1\"\ngap = 1.5\nrate = 20\n"
                  "[sink.onebot]\nurl = \"http://127.0.0.1:5700\"\naccess_token = \"t\"\nmerge = true\n"
                  "self_id = 10001\ngap = \"2s\"\nrate = 1\n[sink.webhook]\nrate = 50\n" +
                      target + "[[subscription]]\ntarget = \"a\"\nto = \"telegram-bot:@news_channel\"\n",
                  {"--json", "sub", "ls"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).as_array().size(), 1u);
  EXPECT_EQ(r.out.find("1:abc"), std::string::npos) << "the token is never printed";
}

// A chat subscription added from the CLI still needs its sink configured before anything runs.
TEST_F(ChatCliTest, DeliveringWithoutTheBotTokenIsAClearError) {
  ASSERT_EQ(gather({"target", "add", "rss", "https://example.org/feed.xml"}).exit_code, 0);
  ASSERT_EQ(gather({"sub", "add", "--target", "1", "--to", "telegram-bot:123"}).exit_code, 0);
  auto r = gather({"fetch", "--all"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("subscription 1 pushes to telegram-bot:123 but no bot token is set: add 'token' to "
                       "[sink.telegram-bot]"),
            std::string::npos)
      << r.err;
}

}  // namespace
