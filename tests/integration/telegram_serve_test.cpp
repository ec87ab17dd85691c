// `gather serve` on Telegram channels played by the simulator (/s/chanN shows feed N's posts as
// the public web preview): posts arrive once each, a burst longer than a page is paged back
// with ?before=, and the preview's 429 rests the anonymous budget without losing anything.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim_harness.h"

using namespace gather::testing;

namespace {

class TelegramServeTest : public ServeFixture {
 protected:
  void start_sim(std::vector<std::string> extra = {}) { ServeFixture::start_sim(2, extra); }
  void start_gather(const std::string& anonymous_budget) {
    std::ostringstream cfg;
    cfg << "data = \"data\"\ndrain_timeout = \"5s\"\n"
        << "[schedule]\nmin_interval = \"200ms\"\nanonymous = { telegram = \"" << anonymous_budget << "\" }\n"
        << "[platform.telegram]\nbase_url = \"" << sim_->base() << "\"\n";
    for (int i = 0; i < 2; ++i)
      cfg << "[[target]]\nname = \"c" << i << "\"\nplatform = \"telegram\"\nurl = \"https://t.me/chan" << i << "\"\n"
          << "[[subscription]]\ntarget = \"c" << i << "\"\nto = \"jsonl:out.jsonl\"\n";
    write_config(cfg.str());
    ServeFixture::start_gather();
  }
  // Post ids per channel from the jsonl file, each checked to be there once.
  std::map<std::string, std::set<std::string>> delivered() {
    std::map<std::string, std::set<std::string>> out;
    if (!std::filesystem::exists(dir_ + "/out.jsonl")) return out;
    for (const auto& line : jsonl_lines(dir_ + "/out.jsonl")) {
      std::string id(line.at("post").at("id").as_string());
      std::string channel = id.substr(0, id.find('/'));
      EXPECT_TRUE(out[channel].insert(id).second) << id << " delivered twice";
    }
    return out;
  }
  std::size_t count(const std::string& channel) { return delivered()[channel].size(); }
};

TEST_F(TelegramServeTest, NewPostsArriveOnceAndABurstIsPagedBack) {
  start_sim();
  start_gather("20/1s");
  sim_->publish(0, 3);
  ASSERT_TRUE(eventually([&] { return count("chan0") == 3; })) << log();
  // 45 posts between two looks: the newest page shows 20, two pages back bring the rest.
  sim_->publish(1, 45);
  ASSERT_TRUE(eventually([&] { return count("chan1") == 45; }, std::chrono::seconds{20})) << log();
  auto got = delivered();
  EXPECT_EQ(got["chan0"].size(), 3u);
  EXPECT_EQ(got["chan1"].size(), 45u);
  EXPECT_TRUE(got["chan1"].count("chan1/1")) << "the oldest of the burst";
  EXPECT_TRUE(got["chan1"].count("chan1/45"));
}

TEST_F(TelegramServeTest, A429RestsTheAnonymousBudgetAndNothingIsLost) {
  // The preview allows 2 requests per 2 s; gather is configured to think it may do 20 a second.
  start_sim({"--telegram-limit", "2", "--telegram-window", "2"});
  start_gather("20/1s");
  // Rounds faster than the preview allows: every round needs a look at both channels.
  std::size_t expected = 0;
  for (int round = 0; round < 3; ++round) {
    sim_->publish(0, 2);
    sim_->publish(1, 2);
    expected += 2;
    // The simulator keeps virtual time: its rate window only slides as the test moves it, here
    // by 0.05 s per poll (about twice real time).
    ASSERT_TRUE(eventually(
                    [&] {
                      advance(0.05);
                      return count("chan0") == expected && count("chan1") == expected;
                    },
                    std::chrono::seconds{30}))
        << "round " << round << "\n" << log();
  }
  EXPECT_NE(log().find("told to slow down (HTTP 429)"), std::string::npos) << log();
}

}  // namespace
