// `gather serve` on Bilibili live rooms played by the simulator (user 200000+N has room 300000+N,
// on air in a 3-hour cycle shifted 17 minutes per user; see sim/bilibili_live.h): one request
// answers for every room, each change of state arrives once as 开播 / 标题更新 / 下播, and a
// restart in between neither repeats an event nor misses one (the room's last state is kept in
// the store).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

#include "sim/bilibili_format.h"
#include "sim_harness.h"

using namespace gather::testing;

namespace {

constexpr int kRooms = 4;

class BilibiliLiveServeTest : public ServeFixture {
 protected:
  void SetUp() override {
    start_sim(kRooms);
    std::ostringstream cfg;
    cfg << "data = \"data\"\ndrain_timeout = \"5s\"\n"
        << "[schedule]\nmin_interval = \"200ms\"\nmax_interval = \"2s\"\n"
        << "anonymous = { bilibili-live = \"20/1s\" }\n"
        << "[platform.bilibili-live]\nbase_url = \"" << sim_->base() << "\"\n";
    for (int i = 0; i < kRooms; ++i)
      cfg << "[[target]]\nname = \"r" << i << "\"\nplatform = \"bilibili-live\"\nurl = \"https://space.bilibili.com/"
          << gather::sim::bilibili_mid(i) << "\"\n[[subscription]]\ntarget = \"r" << i << "\"\nto = \"jsonl:out.jsonl\"\n";
    write_config(cfg.str());
  }
  // Per room owner, the categories of what was delivered, in order; each id checked to come once.
  std::map<std::string, std::vector<std::string>> events() {
    std::map<std::string, std::vector<std::string>> out;
    std::set<std::string> ids;
    if (!std::filesystem::exists(dir_ + "/out.jsonl")) return out;
    for (const auto& line : jsonl_lines(dir_ + "/out.jsonl")) {
      const auto& post = line.at("post").as_object();
      std::string id(post.at("id").as_string());
      EXPECT_TRUE(ids.insert(id).second) << id << " delivered twice";
      out[std::string(post.at("author").as_string())].push_back(
          std::string(post.at("categories").as_array().at(0).as_string()));
    }
    return out;
  }
  std::size_t total() {
    std::size_t n = 0;
    for (const auto& [who, e] : events()) n += e.size();
    return n;
  }
  std::string up(int i) const { return gather::sim::bilibili_up_name(i); }
  std::int64_t requests() {
    return sim_->call("GET", "/_sim/bilibili/state").at("pools").at("anonymous").at("requests").as_int64();
  }
  std::int64_t target_fetches() {
    auto r = run({gather_binary(), "--config", config(), "--json", "status"});
    std::int64_t n = 0;
    const auto doc = boost::json::parse(r.out);  // kept alive: the loop walks into it
    for (const auto& t : doc.at("targets").as_array()) n += t.at("fetches").as_int64();
    return n;
  }
  void wait_for(std::size_t n) {
    ASSERT_TRUE(eventually([&] { return total() >= n; })) << log();
  }
};

TEST_F(BilibiliLiveServeTest, OneRequestServesEveryRoomAndEachChangeArrivesOnceAcrossARestart) {
  start_gather();
  // At the start every room is off air: the first fetch records that and pushes nothing.
  EXPECT_EQ(total(), 0u);

  // 61 minutes in, every room is on air (rooms 2 and 3 already with their second title).
  advance(61 * 60);
  wait_for(4);
  auto e = events();
  for (int i = 0; i < kRooms; ++i) EXPECT_EQ(e[up(i)], std::vector<std::string>{"开播"}) << up(i);
  const auto line = jsonl_lines(dir_ + "/out.jsonl").front().at("post").as_object();
  EXPECT_TRUE(std::string(line.at("url").as_string()).starts_with("https://live.bilibili.com/30000")) << line;
  EXPECT_EQ(line.at("media").as_array().size(), 1u) << "the cover";

  // 96 minutes: rooms 0 and 1 change their title.
  advance(35 * 60);
  wait_for(6);

  // gather stops; meanwhile every broadcast ends. Started again, it tells each end once and
  // repeats nothing, because each room's last state was stored.
  gather_.reset();
  advance(60 * 60);
  start_gather();
  wait_for(10);
  e = events();
  const std::vector<std::string> retitled{"开播", "标题更新", "下播"}, plain{"开播", "下播"};
  EXPECT_EQ(e[up(0)], retitled);
  EXPECT_EQ(e[up(1)], retitled);
  EXPECT_EQ(e[up(2)], plain);
  EXPECT_EQ(e[up(3)], plain);

  // Batched: far fewer requests than target fetches.
  const auto sent = requests(), fetched = target_fetches();
  EXPECT_GE(fetched, 2 * sent) << sent << " requests for " << fetched << " target fetches\n" << log();
}

}  // namespace
