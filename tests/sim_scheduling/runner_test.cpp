// The event loop, its metrics, the floor, and the baselines on the shipped scenarios.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/scheduling/baselines.h"
#include "sim/scheduling/runner.h"
#include "test_util.h"

using namespace gather::simsched;
using namespace gather::simsched::testing;
namespace policy = gather::policy;

namespace {

TEST(RunnerTest, HandComputedTinyCase) {
  // One target, posts at 10, 150, 290; one credential, 1 request per 100 s: the fair interval is
  // 100 s, fetches at 0, 100, 200, 300 → delays 90, 50, 10.
  Scenario s = parse(R"({"duration_s":350,"platforms":{"P":{}},
    "targets":[{"id":"a","posts_s":[10,150,290]}],
    "credentials":[{"id":"c","tenant":"x","limit":{"requests":1,"window_s":100},"targets":"*"}]})");
  for (const char* name : {"round-robin", "bison-lru", "bison-wrr"}) {
    auto p = make_policy(name);
    SimResult r = run_simulation(s, *p, false);
    EXPECT_EQ(r.policy, name);
    EXPECT_EQ(r.posts, 3) << name;
    EXPECT_EQ(r.detected, 3) << name;
    EXPECT_EQ(r.missed, 0) << name;
    EXPECT_NEAR(r.mean_delay_s, 50, 1e-6) << name;
    EXPECT_NEAR(r.p50_delay_s, 50, 1e-6) << name;
    EXPECT_NEAR(r.p99_delay_s, 90, 1e-6) << name;
    EXPECT_NEAR(r.max_delay_s, 90, 1e-6) << name;
    EXPECT_EQ(r.requests, 4) << name;
    EXPECT_EQ(r.violations, 0) << name;
    EXPECT_EQ(r.failed_requests, 0) << name;
    EXPECT_NEAR(r.max_target_gap_s, 100, 1e-6) << name;
  }
}

TEST(RunnerTest, DeterministicBySeed) {
  Scenario a = load_scenario(scenario_path("zipf"));
  Scenario b = load_scenario(scenario_path("zipf"));
  Scenario c = load_scenario(scenario_path("zipf"), 99);
  auto run = [](const Scenario& s) {
    auto p = make_policy("round-robin");
    auto j = to_json(run_simulation(s, *p, false));
    j.erase("wall_s");
    return j;
  };
  EXPECT_EQ(run(a), run(b));
  EXPECT_NE(run(a), run(c));
}

TEST(RunnerTest, FloorMatchesTheClosedFormForOneCredential) {
  // λ = 1, 4, 9, 16 posts/h, one shared credential reaching all, B = 10/600 per s, no binding
  // lower bounds: (Σ√λ)² / (2 B Σλ).
  Scenario s = parse(R"({"duration_s":7200,"max_interval_s":1e9,"platforms":{"P":{}},
    "targets":[{"id":"a","rate_per_hour":1},{"id":"b","rate_per_hour":4},{"id":"c","rate_per_hour":9},
               {"id":"d","rate_per_hour":16}],
    "credentials":[{"id":"c","tenant":"x","limit":{"requests":10,"window_s":600},"targets":"*"}]})");
  double sqrt_sum = 0, sum = 0;
  for (double l : {1.0, 4.0, 9.0, 16.0}) {
    sqrt_sum += std::sqrt(l / 3600);
    sum += l / 3600;
  }
  double B = 10.0 / 600;
  double expected = sqrt_sum * sqrt_sum / (2 * B * sum);
  EXPECT_NEAR(floor_mean_delay_s(s), expected, expected * 1e-6);
  EXPECT_NEAR(expected, 100, 1e-9);
}

TEST(RunnerTest, EveryBaselinePacesWithinBudgetOnEveryScenario) {
  for (const char* scenario : {"uniform", "zipf", "tenants"}) {
    Scenario s = load_scenario(scenario_path(scenario));
    for (const char* name : {"round-robin", "bison-lru", "bison-wrr"}) {
      auto p = make_policy(name);
      SimResult r = run_simulation(s, *p, false);
      SCOPED_TRACE(std::string(scenario) + " / " + name);
      EXPECT_EQ(r.violations, 0);
      EXPECT_EQ(r.bans, 0);
      EXPECT_EQ(r.failed_requests, 0);
      EXPECT_LE(r.max_target_gap_s, s.max_interval_s);  // the budget allows it on all three
      EXPECT_GT(r.detected, 0);
      EXPECT_GT(r.floor_mean_delay_s, 0);
      EXPECT_GT(r.ratio_to_floor, 0.95);  // a floor, up to sampling noise
      // No timing assertion: speed claims belong in benchmarks, and sanitizer builds run 5x slower.
    }
  }
}

TEST(RunnerTest, TheFloorHonoursExpiry) {
  Scenario s = load_scenario(scenario_path("tenants"));
  double with_expiry = floor_mean_delay_s(s);
  for (auto& c : s.credentials) c.expires_at_s.reset();
  EXPECT_LT(floor_mean_delay_s(s), with_expiry);
}

// A policy that breaks the protocol: a credential that cannot reach the target.
class Rogue final : public policy::Policy {
 public:
  std::string_view name() const override { return "rogue"; }
  void start(const policy::World& w) override { start_ = w.start; }
  std::optional<policy::Fetch> next(policy::TimePoint) override { return policy::Fetch{1, 0, start_}; }
  void on_result(const policy::FetchResult&) override {}

 private:
  policy::TimePoint start_;
};

TEST(RunnerTest, ProtocolBreachesAreErrors) {
  Scenario s = parse(R"({"platforms":{"P":{}},"targets":[{"id":"a","rate_per_hour":1},{"id":"b","rate_per_hour":1}],
    "credentials":[{"id":"c","tenant":"x","limit":{"requests":1,"window_s":100},"targets":["a"]}]})");
  Rogue rogue;
  EXPECT_THROW(run_simulation(s, rogue, false), std::logic_error);
}

TEST(RunnerTest, PolicyTable) {
  EXPECT_EQ(make_policy("gather")->name(), "gather");
  EXPECT_THROW(make_policy("nope"), UnknownPolicy);
  for (const auto& e : policy_table())
    if (e.make) {
      EXPECT_EQ(e.make()->name(), e.name);
    }
}

TEST(RunnerTest, OracleWorldCarriesTrueRates) {
  Scenario s = load_scenario(scenario_path("tenants"));
  EXPECT_FALSE(to_world(s, false).true_rates);
  auto w = to_world(s, true);
  ASSERT_TRUE(w.true_rates);
  EXPECT_DOUBLE_EQ((*w.true_rates)[0].per_s, 6.0 / 3600);
  EXPECT_EQ(w.credentials.back().scope, policy::Scope::anonymous);
}

}  // namespace
