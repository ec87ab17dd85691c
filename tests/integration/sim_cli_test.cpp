// `gather sim`: the contract keys, exit codes, and errors that name the file and field.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "process.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

std::string scenario(const std::string& name) { return std::string(GATHER_SOURCE_DIR) + "/sim/scenarios/" + name + ".json"; }

TEST(SimCliTest, PrintsEveryContractKey) {
  auto r = run({gather_binary(), "sim", "--scenario", scenario("uniform"), "--policy", "round-robin"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  auto o = json::parse(r.out).as_object();
  const char* keys[] = {"policy", "posts", "detected", "missed", "unread_at_end", "mean_delay_s", "p50_delay_s", "p99_delay_s",
                        "max_delay_s", "requests", "violations", "bans", "failed_requests", "flood_waits",
                        "requests_in_flood", "resolves", "failed_resolves", "live_posts", "mean_delay_live_s",
                        "mean_delay_polled_s", "max_target_gap_s", "floor_mean_delay_s", "ratio_to_floor", "wall_s"};
  for (const char* k : keys) EXPECT_TRUE(o.contains(k)) << k;
  EXPECT_EQ(o.size(), std::size(keys));
  std::size_t i = 0;  // in contract order
  for (const auto& kv : o) EXPECT_EQ(kv.key(), keys[i++]);
  EXPECT_EQ(o["policy"].as_string(), "round-robin");
  EXPECT_EQ(o["violations"].to_number<int>(), 0);
}

TEST(SimCliTest, SeedAndOracleFlags) {
  auto a = run({gather_binary(), "sim", "--scenario", scenario("tenants"), "--policy", "bison-lru", "--seed", "5", "--oracle"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto b = run({gather_binary(), "sim", "--scenario", scenario("tenants"), "--policy", "bison-lru", "--seed", "6"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(json::parse(a.out).at("posts"), json::parse(b.out).at("posts"));
}

TEST(SimCliTest, GatherIsTheDefaultPolicyAndStaysWithinBudget) {
  auto r = run({gather_binary(), "sim", "--scenario", scenario("uniform")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto out = json::parse(r.out).as_object();
  EXPECT_EQ(out.at("policy").as_string(), "gather");
  EXPECT_EQ(out.at("violations").as_int64(), 0);
}

TEST(SimCliTest, BadScenarioNamesFileAndField) {
  std::string dir = temp_dir("SimCliBadScenario");
  std::string path = dir + "/bad.json";
  std::ofstream(path) << R"({"platforms":{"P":{}},"targets":[{"id":"a","rate_per_hour":1},{"id":"b","rate_per_hour":-2}]})";
  auto r = run({gather_binary(), "sim", "--scenario", path, "--policy", "round-robin"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("targets[1].rate_per_hour must be a number >= 0"), std::string::npos) << r.err;
  auto u = run({gather_binary(), "sim", "--scenario", scenario("uniform"), "--policy", "fifo"});
  EXPECT_EQ(u.exit_code, 2);
  EXPECT_NE(u.err.find("unknown policy 'fifo'"), std::string::npos) << u.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
