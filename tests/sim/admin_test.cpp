#include <gtest/gtest.h>

#include <chrono>

#include "sim_test_util.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;
using testing::VirtualSim;

TEST(Admin, PostsIsTheGroundTruth) {
  SimOptions o;
  o.feeds = 4;
  o.rate_per_hour = 20;
  VirtualSim sim(o);
  sim.clock.advance(5h);
  sim.core->publish(1, 2);
  auto all = sim.get_json("/_sim/posts").at("posts").as_array();
  auto direct = sim.core->posts(std::nullopt);
  ASSERT_EQ(all.size(), direct.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].at("id").as_string(), direct[i].id);
    EXPECT_EQ(all[i].at("url").as_string(), direct[i].url);
    EXPECT_EQ(all[i].at("feed").as_int64(), direct[i].feed);
  }
  auto one = sim.get_json("/_sim/posts?feed=1").at("posts").as_array();
  EXPECT_EQ(one.size(), static_cast<std::size_t>(sim.core->post_count(1)));
  for (auto& p : one) EXPECT_EQ(p.at("feed").as_int64(), 1);
  EXPECT_EQ(sim.get("/_sim/posts?feed=7").response.status, 400);
}

TEST(Admin, AdvanceMovesVirtualTime) {
  VirtualSim sim;
  auto before = sim.get_json("/_sim/time").at("unix").as_int64();
  auto after = sim.post_json("/_sim/advance?s=3600").at("unix").as_int64();
  EXPECT_EQ(after - before, 3600);
  EXPECT_EQ(sim.get_json("/_sim/time").at("unix").as_int64(), after);
  EXPECT_EQ(sim.post("/_sim/advance?s=-1").response.status, 400);
  EXPECT_EQ(sim.post("/_sim/advance").response.status, 400);
  EXPECT_EQ(sim.get("/_sim/advance?s=1").response.status, 405);
}

TEST(Admin, AdvanceRefusedOnRealTime) {
  SystemClock clock;
  SimCore core(SimOptions{}, clock, nullptr);
  auto r = core.handle(testing::request("POST", "/_sim/advance?s=10"));
  EXPECT_EQ(r.response.status, 400);
  EXPECT_FALSE(core.advance(10s));
  EXPECT_EQ(core.handle(testing::request("GET", "/_sim/time")).response.status, 200);
}

TEST(Admin, StatsCountFeedRequests) {
  VirtualSim sim;
  sim.get("/feeds/0.xml");
  sim.get("/feeds/0.xml");
  sim.get("/feeds/1.xml");
  sim.post("/_sim/fault?feed=1&kind=500");
  sim.get("/feeds/1.xml");
  auto s = sim.get_json("/_sim/stats").as_object();
  EXPECT_EQ(s.at("requests").to_number<std::uint64_t>(), 4u);
  EXPECT_EQ(s.at("faults").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(s.at("by_feed").at("0").at("requests").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(s.at("by_feed").at("1").at("faults").to_number<std::uint64_t>(), 1u);
}

TEST(Admin, UnknownPathsAre404Json) {
  VirtualSim sim;
  for (const char* path : {"/", "/nope", "/feeds/x.xml", "/_sim/nothing", "/posts/1"}) {
    SimReply r = sim.get(path);
    EXPECT_EQ(r.response.status, 404) << path;
    EXPECT_TRUE(boost::json::parse(r.response.body).as_object().contains("error")) << path;
  }
}

TEST(Admin, PublishValidatesParameters) {
  VirtualSim sim;
  EXPECT_EQ(sim.post("/_sim/publish?n=1").response.status, 400);
  EXPECT_EQ(sim.post("/_sim/publish?feed=99").response.status, 400);
  EXPECT_EQ(sim.post("/_sim/publish?feed=0&n=0").response.status, 400);
  EXPECT_EQ(sim.post_json("/_sim/publish?feed=0").at("published").as_array().size(), 1u);
}

}  // namespace
}  // namespace gather::sim
